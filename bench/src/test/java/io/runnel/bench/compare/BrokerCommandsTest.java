package io.runnel.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.bench.load.BenchException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerCommandsTest {

    @Test
    void shouldRefuseToStartOnAPortSomethingElseListensOn() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> CompareRunner.throwIfInUse(List.of(taken.getLocalPort())))
                    .isInstanceOf(BenchException.class).hasMessageContaining("is in use");
        }
    }

    @Test
    void shouldLetOneCompareRunAtATimeAndWaitBoundedForIt(@TempDir Path cache) {
        PrintWriter out = new PrintWriter(new StringWriter());
        try (CompareLock first = CompareLock.acquire(cache, 0, out)) {
            assertThatThrownBy(() -> CompareLock.acquire(cache, 0, out)).isInstanceOf(BenchException.class)
                    .hasMessageContaining("another bench compare");
        }
        CompareLock.acquire(cache, 0, out).close();
    }

    @Test
    void shouldStartRunnelWithTheSameHeapOnItsOwnLoopbackPortAndDataDir() {
        RunnelBroker runnel = new RunnelBroker(Path.of("/x/runnel.jar"), "1g", 49192, List.of("num.io.threads=2"), true);
        List<String> cmd = runnel.command(Path.of("/w/runnel-r1/data"), Path.of("/w/logs/broker.log"));
        assertThat(cmd).contains("-Xms1g", "-Xmx1g", "-jar", "/x/runnel.jar", "server")
                .containsSequence("--override", "listeners=PLAINTEXT://127.0.0.1:49192")
                .containsSequence("--override", "log.dirs=/w/runnel-r1/data")
                .containsSequence("--override", "num.io.threads=2")
                .contains("-XX:StartFlightRecording=settings=profile,filename=/w/logs/broker.jfr");
        assertThat(runnel.bootstrap()).isEqualTo("127.0.0.1:49192");
    }

    @Test
    void shouldConfigureKafkaAsASingleCombinedKraftNodeOnLoopback() {
        KafkaBroker kafka = new KafkaBroker(null, "1g", 49092, 49093, false);
        String props = kafka.serverProperties(Path.of("/w/kafka-r1/data"));
        assertThat(props).contains("process.roles=broker,controller", "controller.quorum.voters=1@127.0.0.1:49093",
                "listeners=PLAINTEXT://127.0.0.1:49092,CONTROLLER://127.0.0.1:49093", "log.dirs=/w/kafka-r1/data",
                "offsets.topic.replication.factor=1");
        assertThat(kafka.bootstrap()).isEqualTo("127.0.0.1:49092");
        assertThat(KafkaDistribution.pom()).contains("<artifactId>kafka_2.13</artifactId><version>4.4.0</version>");
    }
}
