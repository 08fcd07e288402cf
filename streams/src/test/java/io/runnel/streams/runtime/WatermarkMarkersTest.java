package io.runnel.streams.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * The repartition topics' record tags and markers, including data records written by builds before the one-header
 * tag.
 */
class WatermarkMarkersTest {

    @Test
    void shouldTagADataRecordWithWriterAndSequenceInOneHeader() {
        Headers h = WatermarkMarkers.sequenceHeaders(7, (42L << 16) | 3);
        assertThat(h.toArray()).hasSize(1);
        Header seq = WatermarkMarkers.sequence(h);
        assertThat(WatermarkMarkers.writerOf(seq, h)).isEqualTo(7);
        assertThat(WatermarkMarkers.sequenceOf(seq)).isEqualTo((42L << 16) | 3);
        assertThat(WatermarkMarkers.watermark(h)).isNull();
        Header none = WatermarkMarkers.sequence(WatermarkMarkers.sequenceHeaders(2, -1));
        assertThat(WatermarkMarkers.sequenceOf(none)).isEqualTo(-1);
    }

    @Test
    void shouldReadTheTwoHeaderTagOfEarlierBuilds() {
        Headers h = new RecordHeaders();
        h.add(WatermarkMarkers.SOURCE_HEADER, ByteBuffer.allocate(4).putInt(5).array());
        h.add(WatermarkMarkers.SEQUENCE_HEADER, ByteBuffer.allocate(8).putLong(99).array());
        Header seq = WatermarkMarkers.sequence(h);
        assertThat(WatermarkMarkers.writerOf(seq, h)).isEqualTo(5);
        assertThat(WatermarkMarkers.sequenceOf(seq)).isEqualTo(99);
    }

    @Test
    void shouldTellAMarkerByItsWatermarkAndNoTag() {
        Headers h = WatermarkMarkers.headers(3, 1_000, true);
        assertThat(WatermarkMarkers.sequence(h)).isNull();
        assertThat(WatermarkMarkers.watermarkOf(WatermarkMarkers.watermark(h))).isEqualTo(1_000);
        assertThat(WatermarkMarkers.writerOf(h)).isEqualTo(3);
        assertThat(WatermarkMarkers.idle(h)).isTrue();
    }
}
