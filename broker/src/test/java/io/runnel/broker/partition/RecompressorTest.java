package io.runnel.broker.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;

class RecompressorTest {

    @Test
    void shouldKeepProducerBytesWhenTopicSaysProducer() {
        MemoryRecords in = MemoryRecords.withRecords(Compression.gzip().build(), new SimpleRecord("v".getBytes()));
        assertThat(Recompressor.maybeRecompress(in, Recompressor.targetOf("producer"))).isSameAs(in);
        assertThat(Recompressor.maybeRecompress(in, Recompressor.targetOf("gzip"))).isSameAs(in);
    }

    @Test
    void shouldRebuildWithTopicCodecKeepingEverything() {
        SimpleRecord a = new SimpleRecord(100L, "k1".getBytes(), "v1".getBytes(),
                new RecordHeader[] {new RecordHeader("h", "x".getBytes())});
        SimpleRecord b = new SimpleRecord(105L, null, "v2".getBytes());
        MemoryRecords in = MemoryRecords.withIdempotentRecords(Compression.NONE, 7L, (short) 2, 40, a, b);

        MemoryRecords out = Recompressor.maybeRecompress(in, Recompressor.targetOf("zstd"));

        RecordBatch batch = out.batches().iterator().next();
        assertThat(batch.compressionType()).isEqualTo(CompressionType.ZSTD);
        assertThat(batch.producerId()).isEqualTo(7L);
        assertThat(batch.producerEpoch()).isEqualTo((short) 2);
        assertThat(batch.baseSequence()).isEqualTo(40);
        assertThat(batch.isValid()).isTrue();
        List<String> values = new ArrayList<>();
        for (Record r : batch) {
            values.add(StandardCharsets.UTF_8.decode(r.value()) + "@" + r.timestamp() + "#" + r.headers().length);
        }
        assertThat(values).containsExactly("v1@100#1", "v2@105#0");
    }
}
