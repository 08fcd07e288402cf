package io.runnel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * kafka-python 2.0 (Debian's python3-kafka, installed by .ci/run) against the broker: its version probe, admin
 * (create/list/describe configs/create partitions/delete), produce with acks=all and consume. The script is
 * it/src/test/resources/kafka_python_admin.py.
 */
class KafkaPythonClientTest {
    @RegisterExtension
    static final RunnelBrokerExtension BROKER = new RunnelBrokerExtension();

    @Test
    void shouldServeKafkaPython() throws Exception {
        Path script = Path.of(KafkaPythonClientTest.class.getResource("/kafka_python_admin.py").toURI());
        // Debian's interpreter: python3-kafka installs into its dist-packages.
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), BROKER.bootstrapServers())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("kafka-python output:%n%s", out).isZero();
        assertThat(out).contains("ok create_topics list_topics", "ok describe_configs",
                "ok create_partitions describe_topics", "ok produce consume", "ok delete_topics");
    }
}
