package io.runnel.bench.streams;

import com.fasterxml.jackson.databind.JsonNode;
import io.runnel.nexmark.NexmarkTopics;
import io.runnel.nexmark.generator.GeneratorConfig;
import io.runnel.nexmark.generator.NexmarkGenerator;
import io.runnel.nexmark.model.Auction;
import io.runnel.nexmark.model.Bid;
import io.runnel.nexmark.model.Event;
import io.runnel.nexmark.model.Person;
import io.runnel.nexmark.queries.Q1;
import io.runnel.streams.serde.Serde;
import io.runnel.streams.serde.Serdes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Nanoseconds per parse and per write of the streams benchmarks' records, with the data-binding serde
 * ({@code codec=databind}: {@code Serdes.json(JsonNode.class)} for trees, {@code Serdes.json(Bid.class)} etc. for
 * records; what both engines ran before decision 0017) next to the serdes both engines run now
 * ({@code codec=streaming}: {@code Serdes.jsonTree()}, {@code NexmarkTopics.BID_SERDE} etc.), in the same run. Records:
 * the sensor reading the streams benchmark writes, the parse-convert job's output tree, Nexmark bid / auction /
 * person as the generator writes them (seed 1), q1's result. Each call takes the next of 64 different records.
 *
 * <pre>java -jar bench/target/runnel-jmh.jar JsonCodecBenchmark</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@State(Scope.Thread)
public class JsonCodecBenchmark {
    private static final int RECORDS = 64;

    @Param({"sensor-reading", "converted-reading", "bid", "auction", "person", "q1-result"})
    public String record;

    @Param({"databind", "streaming"})
    public String codec;

    private Serde<Object> serde;
    private byte[][] inputs;
    private Object[] values;
    private int next;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() {
        boolean streaming = codec.equals("streaming");
        List<?> samples = switch (record) {
            case "sensor-reading" -> readings();
            case "converted-reading" -> readings().stream().map(StreamsJobRunner::convert).toList();
            case "bid" -> events(Bid.class);
            case "auction" -> events(Auction.class);
            case "person" -> events(Person.class);
            case "q1-result" -> events(Bid.class).stream().map(b -> new Q1.Result(b.auction(), b.bidder(),
                    b.price() * 0.908, b.dateTime(), b.extra())).toList();
            default -> throw new IllegalArgumentException("unknown record " + record);
        };
        Serde<?> chosen = switch (record) {
            case "sensor-reading", "converted-reading" -> streaming ? Serdes.jsonTree() : Serdes.json(JsonNode.class);
            case "bid" -> streaming ? NexmarkTopics.BID_SERDE : Serdes.json(Bid.class);
            case "auction" -> streaming ? NexmarkTopics.AUCTION_SERDE : Serdes.json(Auction.class);
            case "person" -> streaming ? NexmarkTopics.PERSON_SERDE : Serdes.json(Person.class);
            default -> streaming ? Q1.RESULT : Serdes.json(Q1.Result.class);
        };
        serde = (Serde<Object>) chosen;
        values = samples.toArray();
        inputs = new byte[RECORDS][];
        for (int i = 0; i < RECORDS; i++) {
            inputs[i] = serde.serialize(values[i]);
        }
    }

    @Benchmark
    public Object parse() {
        return serde.deserialize(inputs[next++ & (RECORDS - 1)]);
    }

    @Benchmark
    public byte[] write() {
        return serde.serialize(values[next++ & (RECORDS - 1)]);
    }

    /** Readings as {@code StreamsBenchmark} writes them. */
    private static List<JsonNode> readings() {
        Random random = new Random(1);
        List<JsonNode> out = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            String json = "{\"sensor\":\"s" + random.nextInt(1000) + "\",\"ts\":" + (1_700_000_000_123L + i * 5L)
                    + ",\"temp\":" + (15 + random.nextInt(150) / 10.0) + "}";
            out.add(Serdes.jsonTree().deserialize(json.getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static <T extends Event> List<T> events(Class<T> type) {
        NexmarkGenerator generator = new NexmarkGenerator(new GeneratorConfig(1, 1_700_000_000_000L,
                GeneratorConfig.DEFAULT_EVENTS_PER_SECOND));
        List<T> out = new ArrayList<>();
        for (long i = 0; out.size() < RECORDS; i++) {
            Event e = generator.event(i);
            if (type.isInstance(e)) {
                out.add(type.cast(e));
            }
        }
        return out;
    }
}
