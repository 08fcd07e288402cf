package io.runnel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * kafka-python 2.0's group consumer (classic protocol, old API versions) against the broker: join, consume,
 * commit, committed, admin group listing and offsets, resume. The checks are in
 * it/src/test/resources/kafka_python_group.py.
 */
class KafkaPythonGroupTest {
    @RegisterExtension
    static final RunnelBrokerExtension BROKER = GroupTestSupport.groupBroker();

    @Test
    void shouldServeKafkaPythonConsumerGroups() throws Exception {
        Path script = Path.of(KafkaPythonGroupTest.class.getResource("/kafka_python_group.py").toURI());
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), BROKER.bootstrapServers())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("kafka-python output:%n%s", out).isZero();
        assertThat(out).contains("ok group consume commit committed",
                "ok list_consumer_groups list_consumer_group_offsets", "ok group resumes from committed offsets");
    }
}
