package io.runnel.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LoadOptionsTest {

    private final StringWriter err = new StringWriter();

    private LoadSpec parse(LoadMode mode, String... args) {
        LoadOptions options = new LoadOptions();
        new CommandLine(options).parseArgs(args);
        return options.toSpec(mode);
    }

    /** Runs the real command line (no broker is reached: bad input is rejected first) and returns the exit code. */
    private int exitCode(String... args) {
        CommandLine cl = new CommandLine(new BenchCommand());
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        return cl.execute(args);
    }

    @Test
    void shouldParseEveryOption() {
        LoadSpec spec = parse(LoadMode.PRODUCE, "--bootstrap", "127.0.0.1:9092", "--topic", "t", "--records", "2M",
                "--duration", "30s", "--rate", "20k", "--record-size", "1KiB", "--partitions", "8", "--producers", "2",
                "--acks", "ALL", "--compression", "lz4", "--warmup", "5s", "--timeout", "3m", "--property", "linger.ms=1",
                "--no-progress");
        assertThat(spec.recordsMax()).isEqualTo(2_000_000);
        assertThat(spec.durationNs()).isEqualTo(30_000_000_000L);
        assertThat(spec.rateRecordsPerSec()).isEqualTo(20_000);
        assertThat(spec.recordSizeBytes()).isEqualTo(1024);
        assertThat(spec.partitions()).isEqualTo(8);
        assertThat(spec.producers()).isEqualTo(2);
        assertThat(spec.acks()).isEqualTo("all");
        assertThat(spec.compression()).isEqualTo("lz4");
        assertThat(spec.warmupNs()).isEqualTo(5_000_000_000L);
        assertThat(spec.timeoutNs()).isEqualTo(180_000_000_000L);
        assertThat(spec.clientProperties()).isEqualTo(Map.of("linger.ms", "1"));
        assertThat(spec.progress()).isFalse();
        assertThat(spec.paced()).isTrue();
    }

    @Test
    void shouldDefaultToMaxRateOneKibAcksAllAndABoundedTimeout() {
        LoadSpec spec = parse(LoadMode.PRODUCE, "--bootstrap", "localhost:9092", "--topic", "t", "--duration", "10s");
        assertThat(spec.paced()).isFalse();
        assertThat(spec.recordSizeBytes()).isEqualTo(1024);
        assertThat(spec.acks()).isEqualTo("all");
        assertThat(spec.recordsMax()).isZero();
        assertThat(spec.timeoutNs()).isEqualTo(10_000_000_000L + LoadSpec.DEFAULT_TIMEOUT_SLACK_NS);
        LoadSpec countOnly = parse(LoadMode.PRODUCE, "--bootstrap", "localhost:9092", "--topic", "t", "--records", "10");
        assertThat(countOnly.timeoutNs()).isEqualTo(LoadSpec.DEFAULT_TIMEOUT_RECORDS_ONLY_NS);
    }

    @Test
    void shouldExitWithUsageErrorForBadInput() {
        assertThat(exitCode("produce", "--bootstrap", "127.0.0.1:9092", "--topic", "t")).isEqualTo(2);
        assertThat(err.toString()).contains("--records N or --duration D");
        assertThat(exitCode("produce", "--bootstrap", "nohostport", "--topic", "t", "--records", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("--bootstrap must be HOST:PORT");
        assertThat(exitCode("produce", "--bootstrap", "h:99999", "--topic", "t", "--records", "1")).isEqualTo(2);
        assertThat(exitCode("produce", "--bootstrap", "h:1", "--topic", "bad topic", "--records", "1")).isEqualTo(2);
        assertThat(exitCode("produce", "--bootstrap", "h:1", "--topic", "t", "--records", "0")).isEqualTo(2);
        assertThat(exitCode("produce", "--bootstrap", "h:1", "--topic", "t", "--records", "1", "--acks", "2")).isEqualTo(2);
        assertThat(err.toString()).contains("--acks must be one of 0, 1, all");
        assertThat(exitCode("produce", "--bootstrap", "h:1", "--topic", "t", "--records", "1", "--compression", "brotli")).isEqualTo(2);
        assertThat(exitCode("produce", "--bootstrap", "h:1", "--topic", "t", "--records", "1", "--rate", "fast")).isEqualTo(2);
        assertThat(exitCode("produce", "--bootstrap", "h:1", "--topic", "t", "--records", "1", "--partitions", "0")).isEqualTo(2);
        assertThat(exitCode("produce", "--bootstrap", "h:1", "--topic", "t", "--records", "1", "--producers", "65")).isEqualTo(2);
        assertThat(exitCode("produce", "--bootstrap", "h:1", "--topic", "t", "--duration", "5s", "--warmup", "5s")).isEqualTo(2);
        assertThat(exitCode("produce", "--bootstrap", "h:1", "--topic", "t", "--duration", "5m", "--timeout", "1m")).isEqualTo(2);
        assertThat(exitCode("e2e", "--bootstrap", "h:1", "--topic", "t", "--records", "1", "--record-size", "4")).isEqualTo(2);
        assertThat(err.toString()).contains("8-byte timestamp");
        assertThat(exitCode("e2e", "--bootstrap", "h:1", "--topic", "t", "--records", "1", "--group", "g")).isEqualTo(2);
        assertThat(exitCode("produce", "--topic", "t", "--records", "1")).isEqualTo(2);
        assertThat(exitCode("launch")).isEqualTo(2);
        assertThat(exitCode()).isEqualTo(2);
    }
}
