package io.runnel.streams.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rollback after a restore ({@link LoggedStore#relogCommitted}) logs each key's committed value, a delete where
 * there is none, in the store's changelog format: one record per key, or chunks for an append-only store.
 */
class LoggedStoreRelogTest {

    private record Sent(byte[] key, byte[] value) {
    }

    private static LoggedStore store(boolean appendOnly, List<Sent> sent) {
        InMemoryKvBytesStore backing = new InMemoryKvBytesStore();
        backing.commit(Map.of(Bytes.wrap(new byte[] {1}), new byte[] {10}), 5);
        return new LoggedStore("s", backing, "log", 0, (t, p, k, v) -> sent.add(new Sent(k, v)), 100, null,
                appendOnly);
    }

    @Test
    void shouldLogTheCommittedValueOrADeletePerKey() {
        List<Sent> sent = new ArrayList<>();
        store(false, sent).relogCommitted(List.of(Bytes.wrap(new byte[] {1}), Bytes.wrap(new byte[] {2})));
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).key()).containsExactly(1);
        assertThat(sent.get(0).value()).containsExactly(10);
        assertThat(sent.get(1).key()).containsExactly(2);
        assertThat(sent.get(1).value()).isNull();
    }

    @Test
    void shouldLogTheSameAsOneChunkForAnAppendOnlyStore() {
        List<Sent> sent = new ArrayList<>();
        store(true, sent).relogCommitted(List.of(Bytes.wrap(new byte[] {1}), Bytes.wrap(new byte[] {2})));
        assertThat(sent).hasSize(1);
        List<Sent> entries = new ArrayList<>();
        ChangelogChunk.forEachEntry(sent.get(0).value(), "test", (k, v) -> entries.add(new Sent(k, v)));
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).key()).containsExactly(1);
        assertThat(entries.get(0).value()).containsExactly(10);
        assertThat(entries.get(1).key()).containsExactly(2);
        assertThat(entries.get(1).value()).isNull();
    }
}
