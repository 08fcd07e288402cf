package io.runnel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.bench.load.BenchCommand;
import io.runnel.bench.load.BenchException;
import io.runnel.bench.load.FlatJson;
import io.runnel.bench.load.LoadMode;
import io.runnel.bench.load.LoadResult;
import io.runnel.bench.load.LoadRunner;
import io.runnel.bench.load.LoadSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * The load tool against an in-process Runnel broker: produce, consume and e2e with the real kafka-clients, small
 * and bounded (counts in the tens of thousands, seconds of duration). Asserts behaviour (every record acked,
 * read back, timed), never speed.
 */
class LoadToolTest {

    private static final long TIMEOUT_NS = 60_000_000_000L;
    private static final long IDLE_NS = 10_000_000_000L;

    @RegisterExtension
    static final RunnelBrokerExtension BROKER = new RunnelBrokerExtension();

    private static LoadSpec spec(LoadMode mode, String topic, long records, long durationNs, double rate, int size,
                                 int partitions, String acks) {
        return new LoadSpec(mode, BROKER.bootstrapServers(), topic, records, durationNs, rate, size, partitions, 1, acks, "none", 0,
                TIMEOUT_NS + durationNs, IDLE_NS, null, Map.of(), false);
    }

    private static LoadResult run(LoadSpec spec) {
        return new LoadRunner(spec, new PrintWriter(new StringWriter())).run();
    }

    @Test
    void shouldProduceThenConsumeEveryRecord() {
        LoadResult produced = run(spec(LoadMode.PRODUCE, "it-load", 20_000, 0, 0, 512, 4, "all"));
        assertThat(produced.ok()).as("produce: %s", produced.firstError()).isTrue();
        assertThat(produced.records()).isEqualTo(20_000);
        assertThat(produced.bytes()).isEqualTo(20_000L * 512);
        assertThat(produced.spec().partitions()).isEqualTo(4);
        assertThat(produced.latency().count()).isEqualTo(20_000);
        assertThat(produced.latency().msP50()).isPositive();

        LoadResult consumed = run(spec(LoadMode.CONSUME, "it-load", 20_000, 0, 0, 512, 4, "all"));
        assertThat(consumed.ok()).as("consume: %s", consumed.firstError()).isTrue();
        assertThat(consumed.records()).isEqualTo(20_000);
        assertThat(consumed.bytes()).isEqualTo(20_000L * 512);
        assertThat(consumed.recordsPerSec()).isPositive();
    }

    @Test
    void shouldMeasureEndToEndLatencyOfEveryRecordAtAFixedRate() {
        LoadResult e2e = run(spec(LoadMode.E2E, "it-e2e", 0, 2_000_000_000L, 2_000, 128, 2, "1"));
        assertThat(e2e.ok()).as("e2e: %s", e2e.firstError()).isTrue();
        // 2 s at 2,000 rec/s: about 4,000 records, every one consumed and timed.
        assertThat(e2e.records()).isBetween(3_000L, 4_001L);
        assertThat(e2e.latency().count()).isEqualTo(e2e.records());
        assertThat(e2e.latency().msMax()).isGreaterThanOrEqualTo(e2e.latency().msP50());
        // The send-to-ack leg covers the same measured records (the producer's acks in the same window).
        assertThat(e2e.ackLatency().count()).isEqualTo(e2e.records());
        assertThat(e2e.toFields()).containsKeys("ackLatencyMsP50", "ackLatencyMsP99", "ackLatencyMsP999");
    }

    @Test
    void shouldPrintOneJsonLineFromTheCommandLine() {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new BenchCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(new StringWriter()));
        int exit = cl.execute("produce", "--bootstrap", BROKER.bootstrapServers(), "--topic", "it-cli", "--records", "1k",
                "--record-size", "100", "--acks", "1", "--json", "--no-progress");
        assertThat(exit).isZero();
        Map<String, Object> result = FlatJson.parse(out.toString().trim());
        assertThat(result).containsEntry("mode", "produce").containsEntry("records", 1_000L).containsEntry("errors", 0L);
    }

    @Test
    void shouldFailClearlyWhenNoBrokerListens() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        LoadSpec spec = new LoadSpec(LoadMode.PRODUCE, "127.0.0.1:" + closedPort, "nobody", 10, 0, 0, 10, 1, 1, "1",
                "none", 0, 3_000_000_000L, IDLE_NS, null, Map.of(), false);
        assertThatThrownBy(() -> run(spec)).isInstanceOf(BenchException.class).hasMessageContaining("did not answer");
    }
}
