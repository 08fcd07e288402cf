package io.runnel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** librdkafka through kcat: metadata listing and auto-creation (kcat is installed by .ci/run). */
class KcatMetadataTest {
    @RegisterExtension
    static final RunnelBrokerExtension BROKER = new RunnelBrokerExtension();

    private static String kcat(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("kcat", "-b", BROKER.bootstrapServers()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("kcat did not finish: " + out);
        }
        assertThat(p.exitValue()).as("kcat exit code, output:%n%s", out).isZero();
        return out;
    }

    @Test
    void shouldListBrokersTopicsAndPartitions() throws Exception {
        try (Admin admin = BROKER.admin()) {
            admin.createTopics(List.of(new NewTopic("listed", 3, (short) 1))).all().get();
        }
        String out = kcat("-L");
        assertThat(out).contains("1 brokers:", "broker 1 at " + BROKER.bootstrapServers() + " (controller)",
                "topic \"listed\" with 3 partitions:", "partition 2, leader 1, replicas: 1, isrs: 1");
    }

    @Test
    void shouldAutoCreateATopicAskedForByName() throws Exception {
        String out = kcat("-L", "-t", "auto-created");
        assertThat(out).contains("topic \"auto-created\" with 1 partitions:");
        assertThat(BROKER.server().metadata().image().topic("auto-created")).isPresent();
    }

    @Test
    void shouldListMetadataAsJson() throws Exception {
        String out = kcat("-L", "-J");
        assertThat(out).contains("\"brokers\":[{\"id\":1,\"name\":\"" + BROKER.bootstrapServers() + "\"}]");
    }
}
