package io.runnel.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.streams.serde.JsonByteReader;
import io.runnel.streams.serde.JsonRecordSerde;
import io.runnel.streams.serde.Serde;
import io.runnel.streams.serde.Serdes;
import io.runnel.streams.testing.PipelineTestDriver;
import io.runnel.streams.testing.TestRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A value that reaches a sink unchanged from its source is written as the bytes it was read from when they are what
 * its serde writes (no second serialization), and serialized again otherwise: other bytes for the same value,
 * a changed value, another serde.
 */
class SourceBytesPassThroughTest {
    record Point(long x, String label) {
    }

    /** Counts its writes: a pass-through writes nothing. */
    static final class PointSerde extends JsonRecordSerde<Point> {
        private static final Name X = name("x");
        private static final Name LABEL = name("label");
        private static final JsonByteReader.FieldNames NAMES = new JsonByteReader.FieldNames("x", "label");
        final AtomicInteger writes = new AtomicInteger();

        PointSerde() {
            super(Point.class);
        }

        @Override
        protected boolean readsInWriteOrder() {
            return true;
        }

        @Override
        protected void writeFields(FieldWriter w, Point v) throws IOException {
            writes.incrementAndGet();
            w.longField(X, v.x());
            w.stringField(LABEL, v.label());
        }

        @Override
        protected Point readFields(JsonByteReader r) throws IOException {
            long x = 0;
            String label = null;
            int seenMask = 0;
            for (int f = r.nextField(NAMES); f != JsonByteReader.END; f = r.nextField(NAMES)) {
                switch (f) {
                    case 0 -> { seenMask = seen(seenMask, 0); x = r.longValue(); }
                    case 1 -> { seenMask = seen(seenMask, 1); label = r.stringValue(); }
                    default -> throw notCanonical();
                }
            }
            if (seenMask != 0b11) {
                throw notCanonical();
            }
            return new Point(x, label);
        }
    }

    private static List<String> run(PointSerde serde, boolean changeValue, Serde<Point> sinkSerde, String... inputs) {
        PipelineBuilder b = new PipelineBuilder("pass");
        Stream<String, Point> points = b.stream("in", Serdes.string(), serde).filter((k, p) -> p.x() > -100);
        if (changeValue) {
            points = points.mapValues(p -> new Point(p.x(), p.label()), serde);
        }
        points.to("out", Serdes.string(), sinkSerde);
        try (PipelineTestDriver d = new PipelineTestDriver(b.build())) {
            for (String json : inputs) {
                d.pipe("in", "k", json.getBytes(StandardCharsets.UTF_8), 1_000, Serdes.string(), Serdes.bytes());
            }
            return d.read("out", Serdes.string(), Serdes.bytes()).stream().map(TestRecord::value)
                    .map(v -> new String(v, StandardCharsets.UTF_8)).toList();
        }
    }

    @Test
    void shouldWriteTheBytesReadWhenTheyAreWhatTheSerdeWrites() {
        PointSerde serde = new PointSerde();
        assertThat(run(serde, false, serde, "{\"x\":1,\"label\":\"a\"}", "{\"x\":-20,\"label\":\"b c\"}"))
                .containsExactly("{\"x\":1,\"label\":\"a\"}", "{\"x\":-20,\"label\":\"b c\"}");
        assertThat(serde.writes).hasValue(0);
    }

    @Test
    void shouldWriteTheValueAgainWhenItsBytesDifferFromTheWritersForm() {
        PointSerde serde = new PointSerde();
        assertThat(run(serde, false, serde, "{ \"x\":1,\"label\":\"a\"}", "{\"x\":1,\"label\":\"a\"} ",
                "{\"label\":\"a\",\"x\":1}", "{\"x\":-0,\"label\":\"a\"}", "{\"x\":1,\"label\":\"\\u0061\"}"))
                .containsOnly("{\"x\":1,\"label\":\"a\"}", "{\"x\":0,\"label\":\"a\"}").hasSize(5);
        assertThat(serde.writes).hasValue(5);
    }

    @Test
    void shouldWriteChangedValuesAndOtherSerdesAgain() {
        PointSerde serde = new PointSerde();
        assertThat(run(serde, true, serde, "{\"x\":1,\"label\":\"a\"}")).containsExactly("{\"x\":1,\"label\":\"a\"}");
        assertThat(serde.writes).hasValue(1);
        PointSerde other = new PointSerde();
        assertThat(run(serde, false, other, "{\"x\":2,\"label\":\"a\"}")).containsExactly("{\"x\":2,\"label\":\"a\"}");
        assertThat(other.writes).hasValue(1);
    }
}
