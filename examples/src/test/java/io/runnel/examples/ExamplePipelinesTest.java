package io.runnel.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.runnel.streams.PipelineFactory;
import io.runnel.streams.serde.Serdes;
import io.runnel.streams.testing.PipelineTestDriver;
import io.runnel.streams.testing.TestRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExamplePipelinesTest {

    private static JsonNode json(String text) {
        return Serdes.jsonTree().deserialize(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static PipelineTestDriver driver(PipelineFactory f, Map<String, String> params, String input, int parts) {
        return new PipelineTestDriver(f.build(f.parameters().parse(params)),
                PipelineTestDriver.Options.defaults().withPartitions(input, parts));
    }

    @Test
    void shouldWriteSensorAveragesWhenWatermarkPassesWindowEnd() {
        try (PipelineTestDriver d = driver(new SensorAverages(), Map.of(), "sensor-readings", 3)) {
            long base = 1_700_000_040_000L; // a minute boundary
            String[] readings = {
                "{\"sensor\":\"s1\",\"ts\":" + (base + 1_000) + ",\"temp\":20.0}",
                "{\"sensor\":\"s2\",\"ts\":" + (base + 2_000) + ",\"temp\":10.0}",
                "{\"sensor\":\"s1\",\"ts\":" + (base + 59_000) + ",\"temp\":22.0}",
                "{\"sensor\":\"s1\",\"ts\":" + (base + 61_000) + ",\"temp\":30.0}",
                "{\"sensor\":\"s1\",\"ts\":" + (base + 30_000) + ",\"temp\":24.0}", // out of order, on time
            };
            for (int i = 0; i < readings.length; i++) {
                d.pipe("sensor-readings", i % 3, null, json(readings[i]), base, Serdes.string(), Serdes.jsonTree());
            }
            assertThat(d.read("sensor-averages", Serdes.string(), Serdes.jsonTree())).isEmpty();
            // watermark = max ts - 5 s must pass base + 60 s on every partition
            for (int p = 0; p < 3; p++) {
                d.pipe("sensor-readings", p, null, json("{\"sensor\":\"s3\",\"ts\":" + (base + 66_000) + ",\"temp\":1}"),
                        base, Serdes.string(), Serdes.jsonTree());
            }
            List<TestRecord<String, JsonNode>> out = d.read("sensor-averages", Serdes.string(), Serdes.jsonTree());
            assertThat(out).hasSize(2);
            JsonNode s1 = out.stream().filter(r -> r.key().equals("s1")).findFirst().orElseThrow().value();
            assertThat(s1.get("sensor").asText()).isEqualTo("s1");
            assertThat(s1.get("window_start").asLong()).isEqualTo(base);
            assertThat(s1.get("window_end").asLong()).isEqualTo(base + 60_000);
            assertThat(s1.get("count").asLong()).isEqualTo(3);
            assertThat(s1.get("avg").asDouble()).isEqualTo(22.0);
        }
    }

    @Test
    void shouldHonourOutOfOrdernessSetting() {
        try (PipelineTestDriver d = driver(new SensorAverages(), Map.of("out.of.orderness.ms", "0"),
                "sensor-readings", 1)) {
            d.pipe("sensor-readings", null, json("{\"sensor\":\"s1\",\"ts\":1000,\"temp\":1}"), 0, Serdes.string(),
                    Serdes.jsonTree());
            d.pipe("sensor-readings", null, json("{\"sensor\":\"s1\",\"ts\":60000,\"temp\":1}"), 0, Serdes.string(),
                    Serdes.jsonTree());
            assertThat(d.read("sensor-averages", Serdes.string(), Serdes.jsonTree())).hasSize(1);
        }
    }

    @Test
    void shouldGroupClicksIntoSessions() {
        try (PipelineTestDriver d = driver(new ClickSessions(), Map.of(), "clicks", 1)) {
            long min = 60_000;
            long[] times = {0, 10 * min, 25 * min, 70 * min, 200 * min};
            for (long t : times) {
                d.pipe("clicks", null, json("{\"user\":\"u1\",\"ts\":" + t + ",\"url\":\"/\"}"), t, Serdes.string(),
                        Serdes.jsonTree());
            }
            List<TestRecord<String, JsonNode>> out = d.read("user-sessions", Serdes.string(), Serdes.jsonTree());
            assertThat(out).extracting(r -> r.value().get("clicks").asLong()).containsExactly(3L, 1L);
            assertThat(out.get(0).value().get("session_start").asLong()).isZero();
            assertThat(out.get(0).value().get("session_end").asLong()).isEqualTo(55 * min);
        }
    }

    @Test
    void shouldCleanCsvLinesAndRejectInvalidOnes() {
        try (PipelineTestDriver d = driver(new CsvEtl(), Map.of(), "etl-raw", 1)) {
            for (String line : List.of(" 1, Ada ,12.345, gb", "2,,3,US", "x,Bob,1,US", "3,Cy,abc,US", "4,Di,5,fr")) {
                d.pipe("etl-raw", line.split(",")[0].trim(), line, 0, Serdes.string(), Serdes.string());
            }
            List<TestRecord<String, JsonNode>> clean = d.read("etl-clean", Serdes.string(), Serdes.jsonTree());
            assertThat(clean).extracting(TestRecord::key).containsExactly("1", "4");
            assertThat(clean.get(0).value().toString())
                    .isEqualTo("{\"id\":1,\"name\":\"Ada\",\"amount\":12.35,\"country\":\"GB\"}");
            assertThat(d.read("etl-rejected", Serdes.string(), Serdes.string())).hasSize(3);
        }
    }
}
