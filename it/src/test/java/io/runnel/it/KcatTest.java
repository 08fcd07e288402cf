package io.runnel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** librdkafka's kcat produces to and consumes from Runnel ({@code apt-get install -y kcat}; .ci/run installs it). */
class KcatTest {
    @RegisterExtension
    static final RunnelBrokerExtension BROKER = new RunnelBrokerExtension().with("num.partitions", "2");

    private static Process run(List<String> args, Path stdin) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("kcat");
        cmd.add("-b");
        cmd.add(BROKER.bootstrapServers());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        }
        return pb.start();
    }

    private static String finish(Process p) throws Exception {
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("kcat finished").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("kcat exit code; stderr: %s", err).isZero();
        return out;
    }

    @Test
    void shouldProduceAndConsumeWithKcat() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/kcat")) || Files.isExecutable(Path.of("/usr/local/bin/kcat")),
                "kcat not installed");
        Path input = Files.createTempFile("kcat-in", ".txt");
        try {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                lines.add("k" + (i % 10) + ":value-" + i);
            }
            Files.write(input, lines);
            // Producer: idempotent, zstd, acks=all; one line per record, "key:value".
            finish(run(List.of("-P", "-t", "kcat-topic", "-K:", "-z", "zstd", "-X", "enable.idempotence=true",
                    "-X", "acks=all"), input));
            String out = finish(run(List.of("-C", "-t", "kcat-topic", "-o", "beginning", "-e", "-q", "-f",
                    "%k:%s\\n"), null));
            assertThat(out.lines().toList()).containsExactlyInAnyOrderElementsOf(lines);
        } finally {
            Files.deleteIfExists(input);
        }
    }
}
