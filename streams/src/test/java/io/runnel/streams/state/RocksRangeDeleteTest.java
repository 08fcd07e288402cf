package io.runnel.streams.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit's deleted ranges reach RocksDB before its changes: writes inside a dropped range in the same commit
 * survive, keys outside it are untouched, and the result outlives a reopen.
 */
class RocksRangeDeleteTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> keys(KvBytesStore store) {
        List<String> out = new ArrayList<>();
        store.range(new byte[0], null, (k, v) -> out.add(new String(k, StandardCharsets.UTF_8) + "="
                + new String(v, StandardCharsets.UTF_8)));
        return out;
    }

    @Test
    void shouldDropRangesBeforeApplyingTheSameCommitsWrites(@TempDir Path dir) {
        Map<Bytes, byte[]> first = new LinkedHashMap<>();
        for (String k : List.of("a1", "a2", "b1", "b2", "c1")) {
            first.put(Bytes.wrap(b(k)), b("v" + k));
        }
        try (RocksKvBytesStore store = RocksKvBytesStore.persistent(dir)) {
            store.commit(first, 5);
            // two generations, oldest first: the later one's value (or delete) wins
            Map<Bytes, byte[]> older = Map.of(Bytes.wrap(b("b9")), b("old"), Bytes.wrap(b("b8")), b("old"));
            Map<Bytes, byte[]> newer = new java.util.HashMap<>();
            newer.put(Bytes.wrap(b("b9")), b("new"));
            newer.put(Bytes.wrap(b("b8")), null);
            store.commit(List.of(new byte[][] {b("a"), b("b2")}, new byte[][] {b("b5"), b("c")}),
                    List.of(older, newer), 9);
            assertThat(keys(store)).containsExactly("b2=vb2", "b9=new", "c1=vc1");
            assertThat(store.get(b("a1"))).isNull();
        }
        try (RocksKvBytesStore store = RocksKvBytesStore.persistent(dir)) {
            assertThat(store.checkpoint()).isEqualTo(9);
            assertThat(keys(store)).containsExactly("b2=vb2", "b9=new", "c1=vc1");
        }
    }
}
