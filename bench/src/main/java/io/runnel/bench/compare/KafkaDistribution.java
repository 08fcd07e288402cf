package io.runnel.bench.compare;

import io.runnel.bench.load.BenchException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The Apache Kafka broker jars, fetched from Maven Central with Maven itself ({@code dependency:copy-dependencies}
 * on a generated pom for {@code org.apache.kafka:kafka_2.13}) into a cache directory outside the repository.
 * A {@code .complete} marker makes later runs reuse the jars without touching the network. The Kafka broker is
 * only ever run as a separate process for comparison; Runnel never links it. Used by one thread.
 */
final class KafkaDistribution {

    static final String VERSION = "4.4.0";
    private static final String SCALA = "2.13";
    private static final String LOG4J_VERSION = "2.25.5";
    private static final long FETCH_TIMEOUT_MS = 15 * 60_000;

    private final Path home;

    private KafkaDistribution(Path home) {
        this.home = home;
    }

    /** Returns the distribution in {@code cacheDir/kafka-VERSION}, fetching it first when missing. */
    static KafkaDistribution fetch(Path cacheDir, java.io.PrintWriter log) {
        Path home = cacheDir.resolve("kafka-" + VERSION);
        Path marker = home.resolve("libs/.complete");
        if (Files.exists(marker)) {
            return new KafkaDistribution(home);
        }
        log.println("fetching Apache Kafka " + VERSION + " broker jars with Maven into " + home + " ...");
        try {
            Files.createDirectories(home);
            Files.writeString(home.resolve("pom.xml"), pom(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BenchException("cannot write " + home.resolve("pom.xml") + ": " + e.getMessage(), e);
        }
        ChildProcesses.runToCompletion("mvn dependency:copy-dependencies (Kafka " + VERSION + ")",
                List.of("mvn", "-B", "-q", "dependency:copy-dependencies", "-DoutputDirectory=libs",
                        "-DincludeScope=runtime"),
                home, home.resolve("fetch.log"), FETCH_TIMEOUT_MS);
        try {
            Files.writeString(marker, VERSION + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BenchException("cannot write " + marker + ": " + e.getMessage(), e);
        }
        return new KafkaDistribution(home);
    }

    /** The classpath of every broker jar. */
    String classpath() {
        return home.resolve("libs").toString() + "/*";
    }

    /**
     * The generated pom: the broker (kafka_2.13, which brings kafka-server, raft, metadata, storage, the
     * coordinators and the Scala runtime) and a log4j2 binding for its SLF4J 1.x logging.
     */
    static String pom() {
        return "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n"
                + "  <modelVersion>4.0.0</modelVersion>\n"
                + "  <groupId>local.runnel.bench</groupId><artifactId>kafka-broker-fetch</artifactId><version>1</version>\n"
                + "  <packaging>pom</packaging>\n"
                + "  <dependencies>\n"
                + "    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_" + SCALA + "</artifactId><version>" + VERSION + "</version></dependency>\n"
                + "    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j-impl</artifactId><version>" + LOG4J_VERSION + "</version></dependency>\n"
                + "  </dependencies>\n"
                + "  <build><plugins><plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-dependency-plugin</artifactId><version>3.8.1</version></plugin></plugins></build>\n"
                + "</project>\n";
    }
}
