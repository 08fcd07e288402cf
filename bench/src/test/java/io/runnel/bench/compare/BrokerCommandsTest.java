package io.runnel.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.bench.load.BenchException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;
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
    void shouldStartRunnelWithTheLaunchersJvmOptionsAndItsRecordedClassDataArchive(@TempDir Path home) throws Exception {
        Path jar = installLauncher(home);
        RunnelBroker runnel = new RunnelBroker(jar, "1g", 29192, List.of(), false);
        Path data = home.resolve("data");
        Path log = home.resolve("broker.log");

        assertThat(runnel.archiveFresh()).isFalse();
        assertThat(jvmOptions(runnel.recordingCommand(data, log))).isEqualTo(jvmOptions(launch(home, "1g")))
                .contains("-XX:ArchiveClassesAtExit=" + home.resolve("server/target/runnel.jsa"));
        assertThat(jvmOptions(runnel.command(data, log))).doesNotContain("-XX:ArchiveClassesAtExit=" + runnel.archive());

        Files.writeString(runnel.archive(), "archive");
        Files.setLastModifiedTime(runnel.archive(), FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 1000));
        assertThat(runnel.archiveFresh()).isTrue();
        assertThat(jvmOptions(runnel.command(data, log))).isEqualTo(jvmOptions(launch(home, "1g")))
                .containsSequence("-Xms1g", "-Xmx1g", "-XX:+UseG1GC", "-XX:MaxNewSize=64m")
                .contains("-XX:SharedArchiveFile=" + runnel.archive());
    }

    @Test
    void shouldLeaveTheYoungGenerationAloneForSmallHeapsAsTheLauncherDoes(@TempDir Path home) throws Exception {
        Path jar = installLauncher(home);
        RunnelBroker runnel = new RunnelBroker(jar, "128m", 29192, List.of(), false);
        assertThat(jvmOptions(runnel.recordingCommand(home.resolve("d"), home.resolve("l.log"))))
                .isEqualTo(jvmOptions(launch(home, "128m"))).noneMatch(o -> o.startsWith("-XX:MaxNewSize"));
        assertThat(RunnelBroker.launcherJvmFlags("256m")).contains("-XX:MaxNewSize=64m");
    }

    @Test
    void shouldReadHeapSizesAsJavaDoes() {
        assertThat(RunnelBroker.heapMib("1g")).isEqualTo(1024);
        assertThat(RunnelBroker.heapMib("512M")).isEqualTo(512);
        assertThat(RunnelBroker.heapMib("262144k")).isEqualTo(256);
        assertThat(RunnelBroker.heapMib("268435456")).isEqualTo(256);
        assertThatThrownBy(() -> RunnelBroker.heapMib("lots")).isInstanceOf(NumberFormatException.class);
    }

    /** Copies the repository's ./runnel into {@code home} beside an empty server/target/runnel.jar; returns the jar. */
    private static Path installLauncher(Path home) throws Exception {
        Path launcher = Path.of("..", "runnel").toAbsolutePath().normalize();
        assertThat(launcher).isRegularFile();
        Files.copy(launcher, home.resolve("runnel"));
        Path jar = home.resolve("server/target/runnel.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "jar");
        return jar;
    }

    /** What ./runnel server would run (RUNNEL_PRINT_COMMAND=1: printed, nothing built or started). */
    private static List<String> launch(Path home, String heap) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", home.resolve("runnel").toString(), "server", "--override", "x=y")
                .redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("RUNNEL_"));
        pb.environment().put("RUNNEL_PRINT_COMMAND", "1");
        pb.environment().put("RUNNEL_HEAP", heap);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().toList();
    }

    /** The JVM options of a java command line: between the java binary and -jar. */
    private static List<String> jvmOptions(List<String> command) {
        return command.subList(1, command.indexOf("-jar"));
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
