package io.runnel.bench.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class StreamsChartTest {
    private static final List<String> JOBS = List.of("parse-convert", "sensor-averages");
    private static final List<String> ENGINES = List.of("runnel", "runnel-base", "kafka-streams", "bare");

    /** Two rounds of every engine the harness runs on each job (bare only on sensor-averages). */
    private static List<StreamsRun> runs() {
        List<StreamsRun> runs = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            runs.add(run("runnel", "parse-convert", round, 200_000 + round * 20_000, 250_000, 210));
            runs.add(run("runnel-base", "parse-convert", round, 180_000, 230_000, 220));
            runs.add(run("kafka-streams", "parse-convert", round, 100_000, 125_000, 350));
            runs.add(run("runnel", "sensor-averages", round, 220_000, 300_000, 250));
            runs.add(run("runnel-base", "sensor-averages", round, 210_000, 290_000, 255));
            runs.add(run("kafka-streams", "sensor-averages", round, 88_000, 95_000, 410));
            runs.add(run("bare", "sensor-averages", round, 270_000, 280_000, 180));
        }
        return runs;
    }

    private static StreamsRun run(String engine, String job, int round, double rate, double steady, long rssMb) {
        return new StreamsRun(engine, job, round, 2_001_000, 10_000, rate, rssMb, steady, 5.5);
    }

    @Test
    void shouldDrawOneBarPerEngineAndJobInEachOfTheThreePanels() throws Exception {
        Document svg = parse(StreamsChart.render("Streams", "2,000,000 readings", JOBS, ENGINES, runs()));

        assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
        List<String> barEngines = barTitles(svg);
        // per panel: parse-convert 3 engines (no bare loop), sensor-averages 4
        assertThat(barEngines).hasSize(3 * 7);
        for (String engine : List.of("runnel", "runnel-base", "kafka-streams")) {
            assertThat(barEngines).filteredOn(engine::equals).hasSize(3 * 2);
        }
        assertThat(barEngines).filteredOn("bare"::equals).hasSize(3);
    }

    @Test
    void shouldWriteTheMedianAtEachBarAndTheSameRoundRatioInTheGroupLabel() throws Exception {
        List<String> texts = texts(parse(StreamsChart.render("Streams", "sub", JOBS, ENGINES, runs())));

        assertThat(texts).contains("Streams", "sub", "parse-convert", "sensor-averages", "runnel", "kafka-streams",
                "bare", "runnel-base");
        // runnel parse-convert: rounds 200,000 and 220,000: median 210,000; ratios 2.0 and 2.2: 2.10x
        assertThat(texts).contains("210,000", "100,000", "270,000", "Runnel / Kafka Streams 2.10x");
        // after first output: 250,000 / 125,000; RSS: 210 / 350
        assertThat(texts).contains("250,000", "Runnel / Kafka Streams 2.00x", "210", "350",
                "Runnel / Kafka Streams 0.60x");
        assertThat(texts).anyMatch(t -> t.startsWith("Events/s from JVM start"))
                .anyMatch(t -> t.startsWith("Events/s after first output"))
                .anyMatch(t -> t.startsWith("Peak RSS, MiB"));
    }

    @Test
    void shouldMarkAnEngineWithoutASuccessfulRunAndLeaveOutTheRatio() throws Exception {
        List<StreamsRun> onlyRunnel = List.of(run("runnel", "parse-convert", 0, 150_000, -1, 200));
        Document svg = parse(StreamsChart.render("Streams", "sub", List.of("parse-convert"),
                List.of("runnel", "kafka-streams"), onlyRunnel));

        List<String> texts = texts(svg);
        assertThat(texts).contains("kafka-streams: no result", "runnel: no result", "150,000");
        assertThat(texts).noneMatch(t -> t.startsWith("Runnel / Kafka Streams"));
        // events/s and RSS have a runnel bar; after first output has none (the run saw no output)
        assertThat(barTitles(svg)).containsExactly("runnel", "runnel");
    }

    @Test
    void shouldEscapeMarkupInLabels() throws Exception {
        String svgText = StreamsChart.render("A & B <x>", "\"quoted\" 'single'", List.of("job<1>"),
                List.of("eng&ine"), List.of(run("eng&ine", "job<1>", 0, 1_000, 900, 100)));
        Document svg = parse(svgText);

        assertThat(svgText).doesNotContain("<x>", "job<1>").contains("A &amp; B &lt;x&gt;");
        assertThat(texts(svg)).contains("A & B <x>", "\"quoted\" 'single'", "job<1>", "eng&ine");
        assertThat(barTitles(svg)).containsOnly("eng&ine").hasSize(3);
    }

    @Test
    void shouldTakeTheMeanOfTheMiddleTwoForAnEvenCount() {
        assertThat(StreamsChart.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
        assertThat(StreamsChart.median(List.of(5.0, 1.0, 3.0))).isEqualTo(3.0);
        assertThat(StreamsChart.median(List.of())).isNull();
    }

    @Test
    void shouldParseTheRunnersResultLineUnderTheHarnessEngineName() {
        StreamsRun r = StreamsRun.parse("runnel-base", 2,
                "RESULT runnel parse-convert 2001000 10640 188064 215 262144 5.81").orElseThrow();

        assertThat(r).isEqualTo(new StreamsRun("runnel-base", "parse-convert", 2, 2_001_000, 10_640, 188_064, 215,
                262_144, 5.81));
        assertThat(r.tableRow()).isEqualTo("| runnel-base | parse-convert | 2001000 | 10640 | 188064 | 215 | 262144 | 5.81 |");
        assertThat(StreamsRun.parse("runnel", 0, "RESULT runnel parse-convert incomplete after 900 s")).isEmpty();
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    /** The engine named in each bar's title, in document order. */
    private static List<String> barTitles(Document svg) {
        List<String> out = new ArrayList<>();
        NodeList rects = svg.getElementsByTagName("rect");
        for (int i = 0; i < rects.getLength(); i++) {
            NodeList titles = ((Element) rects.item(i)).getElementsByTagName("title");
            if (titles.getLength() == 1) {
                out.add(titles.item(0).getTextContent());
            }
        }
        return out;
    }

    private static List<String> texts(Document svg) {
        List<String> out = new ArrayList<>();
        NodeList texts = svg.getElementsByTagName("text");
        for (int i = 0; i < texts.getLength(); i++) {
            out.add(texts.item(i).getTextContent());
        }
        return out;
    }
}
