package io.runnel.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runnel.common.config.Config;
import io.runnel.common.config.ConfigDef;
import io.runnel.common.config.ConfigKey;
import io.runnel.common.config.ConfigType;
import io.runnel.common.config.Validator;
import io.runnel.streams.KeyValue;
import io.runnel.streams.KeyedStream;
import io.runnel.streams.Stream;
import io.runnel.streams.Pipeline;
import io.runnel.streams.PipelineBuilder;
import io.runnel.streams.PipelineFactory;
import io.runnel.streams.Source;
import io.runnel.streams.Windows;
import io.runnel.streams.serde.Serdes;
import java.time.Duration;
import java.util.List;

/**
 * Per-sensor one-minute tumbling event-time averages. Reads {@code {"sensor":"s1","ts":1700000000123,"temp":21.5}}
 * from {@code sensor-readings} (ts = event time, epoch ms), writes
 * {@code {"sensor":"s1","window_start":...,"window_end":...,"count":N,"avg":X}} keyed by sensor to
 * {@code sensor-averages} once the watermark (highest ts - out-of-orderness bound) passes the window end.
 */
public final class SensorAverages implements PipelineFactory {
    public static final ConfigKey<Long> OUT_OF_ORDERNESS_MS = ConfigKey.of("out.of.orderness.ms", ConfigType.LONG,
            5_000L, Validator.atLeast(0L), "Watermark bound: readings up to this much out of order are on time.");
    public static final ConfigKey<Long> WINDOW_MS = ConfigKey.of("window.ms", ConfigType.LONG, 60_000L,
            Validator.atLeast(1L), "Tumbling window size.");
    public static final ConfigKey<String> INPUT = ConfigKey.of("input.topic", ConfigType.STRING, "sensor-readings",
            Validator.nonEmpty(), "Topic of JSON readings.");
    public static final ConfigKey<String> OUTPUT = ConfigKey.of("output.topic", ConfigType.STRING, "sensor-averages",
            Validator.nonEmpty(), "Topic of JSON averages.");
    public static final ConfigKey<Boolean> KEYED_BY_SENSOR = ConfigKey.of("input.keyed.by.sensor", ConfigType.BOOLEAN,
            false, Validator.any(), "true: readings are already keyed (and partitioned) by sensor id, so no "
                    + "repartition is needed; false: re-key by the sensor field through a repartition topic.");
    public static final ConfigKey<String> APPLICATION_ID = ConfigKey.of("application.id", ConfigType.STRING,
            "sensor-averages", Validator.nonEmpty(), "Consumer group and internal-topic prefix.");

    @Override
    public String name() {
        return "sensor-averages";
    }

    @Override
    public String description() {
        return "per-sensor 1-minute tumbling event-time averages of JSON readings";
    }

    @Override
    public ConfigDef parameters() {
        return ConfigDef.of(name(), List.of(OUT_OF_ORDERNESS_MS, WINDOW_MS, INPUT, OUTPUT, KEYED_BY_SENSOR,
                APPLICATION_ID));
    }

    @Override
    public Pipeline build(Config p) {
        PipelineBuilder b = new PipelineBuilder(p.get(APPLICATION_ID));
        Stream<String, JsonNode> readings = b.stream(Source.of(p.get(INPUT), Serdes.string(), Serdes.jsonTree())
                        .eventTime((k, v, recordTs) -> v.path("ts").asLong(recordTs))
                        .outOfOrderness(Duration.ofMillis(p.get(OUT_OF_ORDERNESS_MS))))
                .filter((k, v) -> v.hasNonNull("sensor") && v.hasNonNull("temp"));
        KeyedStream<String, JsonNode> bySensor = p.get(KEYED_BY_SENSOR) ? readings.groupByKey()
                : readings.keyBy((JsonNode v) -> v.get("sensor").asText(), Serdes.string());
        bySensor.window(Windows.tumbling(Duration.ofMillis(p.get(WINDOW_MS))))
                .avg(v -> v.get("temp").asDouble())
                .map((w, avg) -> {
                    ObjectNode out = Serdes.mapper().createObjectNode();
                    out.put("sensor", w.key());
                    out.put("window_start", w.start());
                    out.put("window_end", w.end());
                    out.put("count", avg.count());
                    out.put("avg", avg.avg());
                    return KeyValue.of(w.key(), (JsonNode) out);
                }, Serdes.string(), Serdes.jsonTree())
                .to(p.get(OUTPUT));
        return b.build();
    }
}
