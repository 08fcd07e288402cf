package io.runnel.broker.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.broker.partition.ProduceValidator.Origin;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.UnsupportedCompressionTypeException;
import org.apache.kafka.common.errors.UnsupportedForMessageFormatException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.utils.internals.Crc32C;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class ProduceValidatorTest {
    private static final long NOW = 1_700_000_000_000L;
    private static final short V13 = 13;

    private static SimpleRecord rec(String key, String value) {
        return new SimpleRecord(NOW, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8));
    }

    private static MemoryRecords batch(Compression compression, SimpleRecord... records) {
        return MemoryRecords.withRecords(compression, records);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void shouldAcceptValidBatchWithEveryCodec(CompressionType type) {
        MemoryRecords records = batch(Compression.of(type).build(), rec("k1", "a"), rec("k2", "b"), rec(null, "c"));

        List<ValidatedBatch> result = ProduceValidator.validate(records, V13, Origin.CLIENT,
                ValidationConfig.DEFAULT, NOW);

        assertThat(result).hasSize(1);
        assertThat(result.get(0).recordCount()).isEqualTo(3);
        assertThat(result.get(0).maxTimestampMs()).isEqualTo(NOW);
        assertThat(result.get(0).hasProducerId()).isFalse();
    }

    @Test
    void shouldReportProducerFieldsOfIdempotentBatch() {
        MemoryRecords records = MemoryRecords.withIdempotentRecords(Compression.NONE, 42L, (short) 3, 7,
                rec("k", "a"), rec("k", "b"));

        ValidatedBatch b = ProduceValidator.validate(records, V13, Origin.CLIENT, ValidationConfig.DEFAULT, NOW).get(0);

        assertThat(b.producerId()).isEqualTo(42L);
        assertThat(b.producerEpoch()).isEqualTo((short) 3);
        assertThat(b.baseSequence()).isEqualTo(7);
        assertThat(b.lastSequence()).isEqualTo(8);
    }

    @Test
    void shouldRejectCorruptCrc() {
        MemoryRecords records = batch(Compression.NONE, rec("k", "value"));
        ByteBuffer buf = records.buffer();
        buf.put(buf.limit() - 1, (byte) (buf.get(buf.limit() - 1) ^ 0x5a));

        assertThatThrownBy(() -> ProduceValidator.validate(records, V13, Origin.CLIENT, ValidationConfig.DEFAULT, NOW))
                .isInstanceOf(CorruptRecordException.class);
    }

    @Test
    void shouldRejectTrailingPartialBatch() {
        MemoryRecords full = batch(Compression.NONE, rec("k", "value"));
        ByteBuffer buf = ByteBuffer.allocate(full.sizeInBytes() + 10);
        buf.put(full.buffer().duplicate());
        buf.putLong(0L).putShort((short) 1);
        buf.flip();

        assertThatThrownBy(() -> ProduceValidator.validate(MemoryRecords.readableRecords(buf), V13, Origin.CLIENT,
                ValidationConfig.DEFAULT, NOW)).isInstanceOf(CorruptRecordException.class);
    }

    @Test
    void shouldRejectBatchOverMaxMessageBytes() {
        MemoryRecords records = batch(Compression.NONE, rec("k", "x".repeat(2000)));
        ValidationConfig small = new ValidationConfig(false, TimestampType.CREATE_TIME, 1000, Long.MAX_VALUE,
                Long.MAX_VALUE);

        assertThatThrownBy(() -> ProduceValidator.validate(records, V13, Origin.CLIENT, small, NOW))
                .isInstanceOf(RecordTooLargeException.class);
    }

    @Test
    void shouldRejectOldMagicPerRequestVersion() {
        MemoryRecords v1 = MemoryRecords.withRecords(RecordBatch.MAGIC_VALUE_V1, Compression.NONE, rec("k", "a"));

        assertThatThrownBy(() -> ProduceValidator.validate(v1, V13, Origin.CLIENT, ValidationConfig.DEFAULT, NOW))
                .isInstanceOf(InvalidRecordException.class);
        assertThatThrownBy(() -> ProduceValidator.validate(v1, (short) 2, Origin.CLIENT, ValidationConfig.DEFAULT, NOW))
                .isInstanceOf(UnsupportedForMessageFormatException.class);
    }

    @Test
    void shouldRejectZstdBeforeV7() {
        MemoryRecords records = batch(Compression.zstd().build(), rec("k", "a"));
        assertThatThrownBy(() -> ProduceValidator.validate(records, (short) 6, Origin.CLIENT,
                ValidationConfig.DEFAULT, NOW)).isInstanceOf(UnsupportedCompressionTypeException.class);
    }

    @Test
    void shouldRejectKeylessRecordOnCompactedTopic() {
        ValidationConfig compacted = new ValidationConfig(true, TimestampType.CREATE_TIME, 1 << 20, Long.MAX_VALUE,
                Long.MAX_VALUE);
        assertThat(ProduceValidator.validate(batch(Compression.gzip().build(), rec("k", "a")), V13, Origin.CLIENT,
                compacted, NOW)).hasSize(1);
        assertThatThrownBy(() -> ProduceValidator.validate(batch(Compression.gzip().build(), rec("k", "a"),
                rec(null, "b")), V13, Origin.CLIENT, compacted, NOW)).isInstanceOf(InvalidRecordException.class);
    }

    @Test
    void shouldRejectTwoBatchesFromClientButAcceptFromCoordinator() {
        MemoryRecords a = batch(Compression.NONE, rec("k", "a"));
        MemoryRecords b = batch(Compression.NONE, rec("k", "b"));
        ByteBuffer both = ByteBuffer.allocate(a.sizeInBytes() + b.sizeInBytes());
        both.put(a.buffer().duplicate()).put(b.buffer().duplicate()).flip();
        MemoryRecords records = MemoryRecords.readableRecords(both);

        assertThatThrownBy(() -> ProduceValidator.validate(records, V13, Origin.CLIENT, ValidationConfig.DEFAULT, NOW))
                .isInstanceOf(InvalidRecordException.class);
        assertThat(ProduceValidator.validate(records, V13, Origin.COORDINATOR, ValidationConfig.DEFAULT, NOW))
                .hasSize(2);
    }

    @Test
    void shouldRejectEmptyRecordSet() {
        assertThatThrownBy(() -> ProduceValidator.validate(MemoryRecords.EMPTY, V13, Origin.CLIENT,
                ValidationConfig.DEFAULT, NOW)).isInstanceOf(InvalidRecordException.class);
    }

    @Test
    void shouldRejectLastOffsetDeltaThatDoesNotMatchRecords() {
        MemoryRecords records = batch(Compression.NONE, rec("k", "a"), rec("k", "b"));
        ByteBuffer buf = records.buffer();
        buf.putInt(DefaultRecordBatch.LAST_OFFSET_DELTA_OFFSET, 5);
        rewriteCrc(buf);

        assertThatThrownBy(() -> ProduceValidator.validate(records, V13, Origin.CLIENT, ValidationConfig.DEFAULT, NOW))
                .isInstanceOf(InvalidRecordException.class);
    }

    @Test
    void shouldRejectTimestampTooFarInFuture() {
        ValidationConfig strict = new ValidationConfig(false, TimestampType.CREATE_TIME, 1 << 20, 1000, 1000);
        MemoryRecords future = batch(Compression.NONE, new SimpleRecord(NOW + 5000, "k".getBytes(), "v".getBytes()));
        MemoryRecords past = batch(Compression.NONE, new SimpleRecord(NOW - 5000, "k".getBytes(), "v".getBytes()));

        assertThatThrownBy(() -> ProduceValidator.validate(future, V13, Origin.CLIENT, strict, NOW))
                .isInstanceOf(InvalidTimestampException.class);
        assertThatThrownBy(() -> ProduceValidator.validate(past, V13, Origin.CLIENT, strict, NOW))
                .isInstanceOf(InvalidTimestampException.class);
        ValidationConfig appendTime = new ValidationConfig(false, TimestampType.LOG_APPEND_TIME, 1 << 20, 1000, 1000);
        assertThat(ProduceValidator.validate(future, V13, Origin.CLIENT, appendTime, NOW)).hasSize(1);
    }

    @Test
    void shouldRewriteWrongMaxTimestampAndKeepCrcValid() {
        MemoryRecords records = batch(Compression.NONE, new SimpleRecord(NOW - 10, "k".getBytes(), "v".getBytes()),
                new SimpleRecord(NOW - 5, "k".getBytes(), "v".getBytes()));
        ByteBuffer buf = records.buffer();
        buf.putLong(27 + 8, NOW - 100); // max timestamp field follows the base timestamp
        rewriteCrc(buf);

        ProduceValidator.validate(records, V13, Origin.CLIENT, ValidationConfig.DEFAULT, NOW);

        RecordBatch b = records.batches().iterator().next();
        assertThat(b.maxTimestamp()).isEqualTo(NOW - 5);
        assertThat(b.isValid()).isTrue();
    }

    private static void rewriteCrc(ByteBuffer buf) {
        int attributes = DefaultRecordBatch.CRC_OFFSET + 4;
        long crc = Crc32C.compute(buf, attributes, buf.limit() - attributes);
        buf.putInt(DefaultRecordBatch.CRC_OFFSET, (int) crc);
    }
}
