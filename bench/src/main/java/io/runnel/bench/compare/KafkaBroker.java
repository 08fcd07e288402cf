package io.runnel.bench.compare;

import io.runnel.bench.load.BenchException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.Uuid;

/**
 * A single Apache Kafka node in KRaft combined mode (broker + controller) on loopback: writes
 * server.properties with stock settings except the replication factors a single node needs, formats the
 * storage with a random cluster id ({@code kafka.tools.StorageTool format}), then runs {@code kafka.Kafka}
 * with the given heap and the JVM flags Kafka's own start script uses. Immutable.
 */
final class KafkaBroker implements BrokerUnderTest {

    private static final long FORMAT_TIMEOUT_MS = 120_000;
    /** kafka-run-class.sh's default performance options, so Kafka runs as its users run it. */
    private static final List<String> KAFKA_JVM_FLAGS = List.of("-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
            "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent", "-Djava.awt.headless=true");

    private final KafkaDistribution distribution;
    private final String heap;
    private final int port;
    private final int controllerPort;
    private final boolean jfr;

    KafkaBroker(KafkaDistribution distribution, String heap, int port, int controllerPort, boolean jfr) {
        this.distribution = distribution;
        this.heap = heap;
        this.port = port;
        this.controllerPort = controllerPort;
        this.jfr = jfr;
    }

    @Override
    public String id() {
        return "kafka";
    }

    @Override
    public String label() {
        return "Kafka " + KafkaDistribution.VERSION;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public List<Integer> ports() {
        return List.of(port, controllerPort);
    }

    @Override
    public BrokerProcess start(Path dataDir, Path logFile) {
        Path confDir = dataDir.resolveSibling(dataDir.getFileName() + "-conf");
        Path properties = confDir.resolve("server.properties");
        Path log4j = confDir.resolve("log4j2.properties");
        try {
            Files.createDirectories(confDir);
            Files.writeString(properties, serverProperties(dataDir), StandardCharsets.UTF_8);
            Files.writeString(log4j, log4jProperties(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BenchException("cannot write Kafka config in " + confDir + ": " + e.getMessage(), e);
        }
        String log4jFlag = "-Dlog4j2.configurationFile=" + log4j;
        ChildProcesses.runToCompletion("kafka storage format",
                List.of(ChildProcesses.javaBin(), "-Xmx256m", log4jFlag, "-cp", distribution.classpath(),
                        "kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c", properties.toString()),
                confDir, confDir.resolve("format.log"), FORMAT_TIMEOUT_MS);
        List<String> cmd = new ArrayList<>();
        cmd.add(ChildProcesses.javaBin());
        cmd.add("-Xms" + heap);
        cmd.add("-Xmx" + heap);
        cmd.addAll(KAFKA_JVM_FLAGS);
        cmd.addAll(BrokerUnderTest.jfrFlags(jfr, logFile));
        cmd.add(log4jFlag);
        cmd.add("-cp");
        cmd.add(distribution.classpath());
        cmd.add("kafka.Kafka");
        cmd.add(properties.toString());
        return BrokerProcess.spawn(label(), cmd, confDir, logFile);
    }

    String serverProperties(Path dataDir) {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@" + HOST + ":" + controllerPort,
                "listeners=PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort,
                "advertised.listeners=PLAINTEXT://" + HOST + ":" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dataDir,
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "") ;
    }

    /** Kafka logs at INFO to stdout, which the harness sends to the node's log file. */
    private static String log4jProperties() {
        return String.join("\n",
                "rootLogger.level=INFO",
                "rootLogger.appenderRef.out.ref=OUT",
                "appender.out.type=Console",
                "appender.out.name=OUT",
                "appender.out.layout.type=PatternLayout",
                "appender.out.layout.pattern=[%d] %p %m (%c)%n",
                "");
    }
}
