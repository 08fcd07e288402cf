package io.runnel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker in its own JVM: graceful SIGTERM, kill -9, and metadata surviving both. */
class ExternalBrokerTest {
    @TempDir
    Path dir;

    private static Admin admin(ExternalBroker broker) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        return Admin.create(props);
    }

    @Test
    void shouldStopCleanlyOnSigtermAndKeepTopicsAcrossKillNine() throws Exception {
        try (ExternalBroker broker = ExternalBroker.start(dir, Map.of())) {
            Uuid id;
            try (Admin admin = admin(broker)) {
                id = admin.createTopics(List.of(new NewTopic("survivor", 3, (short) 1))).topicId("survivor").get();
            }
            // 143 = 128 + SIGTERM: the JVM's status for a signal-initiated shutdown, after the hook finished.
            assertThat(broker.stop()).isEqualTo(143);
            assertThat(broker.output()).anyMatch(l -> l.contains("Broker stopped"));
            assertThat(dir.resolve(".clean-shutdown")).exists();

            broker.start();
            try (Admin admin = admin(broker)) {
                admin.createTopics(List.of(new NewTopic("second", 1, (short) 1))).all().get();
            }
            broker.kill9();
            assertThat(Files.exists(dir.resolve(".clean-shutdown"))).isFalse();

            broker.start();
            try (Admin admin = admin(broker)) {
                assertThat(admin.listTopics().names().get()).contains("survivor", "second");
                assertThat(admin.describeTopics(List.of("survivor")).allTopicNames().get().get("survivor").topicId())
                        .isEqualTo(id);
            }
        }
    }

    @Test
    void shouldRefuseABadValueWithOneLineNamingTheKey() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.runnel.server.RunnelMain", "server",
                "--override", "log.dirs=" + dir, "--override", "num.partitions=zero")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertThat(p.waitFor()).isEqualTo(2);
        assertThat(out.lines()).singleElement().satisfies(line -> assertThat(line)
                .contains("num.partitions").contains("an integer"));
    }
}
