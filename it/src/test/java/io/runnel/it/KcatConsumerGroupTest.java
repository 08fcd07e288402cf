package io.runnel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** librdkafka's balanced consumer (kcat -G, classic protocol) in a Runnel consumer group, with its commits. */
class KcatConsumerGroupTest {
    @RegisterExtension
    static final RunnelBrokerExtension BROKER = GroupTestSupport.groupBroker();

    private static List<String> kcat(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kcat", "-b", BROKER.bootstrapServers()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("kcat did not finish: " + out);
        }
        assertThat(p.exitValue()).as("kcat exit code, output:%n%s", out).isZero();
        return Arrays.stream(out.split("\n")).filter(s -> !s.isBlank()).toList();
    }

    @Test
    void shouldConsumeAsAGroupAndCommit() throws Exception {
        GroupTestSupport.createTopic(BROKER, "kcat-group", 3);
        GroupTestSupport.produce(BROKER, "kcat-group", 0, 20);
        List<String> values = kcat("-G", "kcat-g", "-X", "auto.offset.reset=earliest", "-c", "20", "-f", "%s\n",
                "kcat-group");
        assertThat(values).containsExactlyInAnyOrderElementsOf(GroupTestSupport.values(0, 20));
        try (Admin admin = BROKER.admin()) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("kcat-g")
                        .partitionsToOffsetAndMetadata().get();
                assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum()).isEqualTo(20);
            });
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of("kcat-g")).all().get().get("kcat-g");
            assertThat(d.members()).isEmpty();
        }
        // A second run of the same group resumes after the committed offsets.
        GroupTestSupport.produce(BROKER, "kcat-group", 20, 5);
        assertThat(kcat("-G", "kcat-g", "-c", "5", "-f", "%s\n", "kcat-group"))
                .containsExactlyInAnyOrderElementsOf(GroupTestSupport.values(20, 5));
    }
}
