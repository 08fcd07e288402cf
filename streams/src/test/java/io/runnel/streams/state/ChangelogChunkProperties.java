package io.runnel.streams.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Chunks carry any entries in order, stay within their target size unless one entry is larger, never share a key. */
class ChangelogChunkProperties {

    private record Entry(byte[] key, byte[] value) {
    }

    @Property(tries = 300)
    void shouldCarryEveryEntryInOrder(@ForAll("entries") List<Entry> entries) {
        ChangelogChunk.Writer writer = new ChangelogChunk.Writer();
        List<byte[]> chunks = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (Entry e : entries) {
            if (writer.wouldOverflow(e.key(), e.value())) {
                chunks.add(writer.take());
                assertThat(keys.add(java.util.HexFormat.of().formatHex(writer.nextKey()))).isTrue();
            }
            writer.add(e.key(), e.value());
        }
        if (!writer.isEmpty()) {
            chunks.add(writer.take());
        }
        List<Entry> read = new ArrayList<>();
        for (byte[] chunk : chunks) {
            List<Entry> inChunk = new ArrayList<>();
            ChangelogChunk.forEachEntry(chunk, "test", (k, v) -> inChunk.add(new Entry(k, v)));
            assertThat(inChunk).isNotEmpty();
            if (inChunk.size() > 1) {
                assertThat(chunk.length).isLessThanOrEqualTo(ChangelogChunk.TARGET_BYTES);
            }
            read.addAll(inChunk);
        }
        assertThat(read).hasSameSizeAs(entries);
        for (int i = 0; i < entries.size(); i++) {
            assertThat(read.get(i).key()).isEqualTo(entries.get(i).key());
            assertThat(read.get(i).value()).isEqualTo(entries.get(i).value());
        }
    }

    @Property(tries = 300)
    void shouldRejectATruncatedChunkOrAnotherFormat(@ForAll("entries") List<Entry> entries) {
        ChangelogChunk.Writer writer = new ChangelogChunk.Writer();
        entries.stream().limit(5).forEach(e -> writer.add(e.key(), e.value()));
        if (writer.isEmpty()) {
            writer.add(new byte[] {1}, new byte[] {2, 3});
        }
        byte[] chunk = writer.take();
        byte[] truncated = java.util.Arrays.copyOf(chunk, chunk.length - 1);
        assertThatThrownBy(() -> ChangelogChunk.forEachEntry(truncated, "t-0@7", (k, v) -> { }))
                .isInstanceOf(StateStoreException.class).hasMessageContaining("t-0@7");
        byte[] plainRecord = "{\"a\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ChangelogChunk.forEachEntry(plainRecord, "t-0@8", (k, v) -> { }))
                .isInstanceOf(StateStoreException.class).hasMessageContaining("application.id");
    }

    @Provide
    Arbitrary<List<Entry>> entries() {
        Arbitrary<byte[]> keys = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(40);
        Arbitrary<byte[]> small = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<byte[]> large = Arbitraries.bytes().array(byte[].class).ofMinSize(20_000).ofMaxSize(70_000);
        Arbitrary<byte[]> values = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(40, small),
                net.jqwik.api.Tuple.of(1, large)).injectNull(0.1);
        return Combinators.combine(keys, values).as(Entry::new).list().ofMaxSize(600);
    }
}
