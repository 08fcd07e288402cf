package io.runnel.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runnel.common.config.Config;
import io.runnel.common.config.ConfigDef;
import io.runnel.common.config.ConfigKey;
import io.runnel.common.config.ConfigType;
import io.runnel.common.config.Validator;
import io.runnel.streams.Aggregations;
import io.runnel.streams.KeyValue;
import io.runnel.streams.Pipeline;
import io.runnel.streams.PipelineBuilder;
import io.runnel.streams.PipelineFactory;
import io.runnel.streams.Source;
import io.runnel.streams.Windows;
import io.runnel.streams.serde.Serdes;
import java.time.Duration;
import java.util.List;

/**
 * Click stream to per-user sessions: reads {@code {"user":"u1","ts":...,"url":"/a"}} from {@code clicks}, groups each
 * user's clicks into session windows (a new session after 30 minutes without a click) and writes
 * {@code {"user":"u1","session_start":...,"session_end":...,"clicks":N}} to {@code user-sessions} when a session
 * closes (session_end = last click + gap).
 */
public final class ClickSessions implements PipelineFactory {
    public static final ConfigKey<Long> GAP_MS = ConfigKey.of("gap.ms", ConfigType.LONG, 30 * 60_000L,
            Validator.atLeast(1L), "Inactivity gap that ends a session.");
    public static final ConfigKey<Long> OUT_OF_ORDERNESS_MS = ConfigKey.of("out.of.orderness.ms", ConfigType.LONG,
            5_000L, Validator.atLeast(0L), "Watermark bound.");
    public static final ConfigKey<String> INPUT = ConfigKey.of("input.topic", ConfigType.STRING, "clicks",
            Validator.nonEmpty(), "Topic of JSON clicks.");
    public static final ConfigKey<String> OUTPUT = ConfigKey.of("output.topic", ConfigType.STRING, "user-sessions",
            Validator.nonEmpty(), "Topic of JSON sessions.");

    @Override
    public String name() {
        return "click-sessions";
    }

    @Override
    public String description() {
        return "per-user session windows (30 min gap) over a JSON click stream";
    }

    @Override
    public ConfigDef parameters() {
        return ConfigDef.of(name(), List.of(GAP_MS, OUT_OF_ORDERNESS_MS, INPUT, OUTPUT));
    }

    @Override
    public Pipeline build(Config p) {
        PipelineBuilder b = new PipelineBuilder("click-sessions");
        b.stream(Source.of(p.get(INPUT), Serdes.string(), Serdes.jsonTree())
                        .eventTime((k, v, recordTs) -> v.path("ts").asLong(recordTs))
                        .outOfOrderness(Duration.ofMillis(p.get(OUT_OF_ORDERNESS_MS))))
                .filter((k, v) -> v.hasNonNull("user"))
                .keyBy((JsonNode v) -> v.get("user").asText(), Serdes.string())
                .window(Windows.session(Duration.ofMillis(p.get(GAP_MS))))
                .aggregate(Aggregations.<JsonNode>count())
                .map((w, n) -> {
                    ObjectNode out = Serdes.mapper().createObjectNode();
                    out.put("user", w.key());
                    out.put("session_start", w.start());
                    out.put("session_end", w.end());
                    out.put("clicks", n);
                    return KeyValue.of(w.key(), (JsonNode) out);
                }, Serdes.string(), Serdes.jsonTree())
                .to(p.get(OUTPUT));
        return b.build();
    }
}
