package io.runnel.bench.compare;

import java.nio.file.Path;

/** One of the systems compared: knows how to prepare a fresh data directory and start a node on loopback. */
interface BrokerUnderTest {

    String HOST = "127.0.0.1";

    /** Short id used in result files: "kafka" or "runnel". */
    String id();

    /** Display name with version, for tables. */
    String label();

    int port();

    /** Every port the node binds (the client port and, for Kafka, the controller port). */
    default java.util.List<Integer> ports() {
        return java.util.List.of(port());
    }

    default String bootstrap() {
        return HOST + ":" + port();
    }

    /**
     * Once before the measured rounds: whatever a user's installation has in place before its nodes start (Runnel's
     * class-data archive). Work files go under {@code workDir}; progress lines to {@code out}.
     */
    default void prepare(Path workDir, java.io.PrintWriter out) {
    }

    /** Prepares {@code dataDir} (empty) and spawns the broker JVM, logging to {@code logFile}. */
    BrokerProcess start(Path dataDir, Path logFile);

    /** JVM flags for a JFR profile written next to the broker log, when {@code enabled}. */
    static java.util.List<String> jfrFlags(boolean enabled, Path logFile) {
        if (!enabled) {
            return java.util.List.of();
        }
        Path jfr = logFile.resolveSibling(logFile.getFileName().toString().replace(".log", "") + ".jfr");
        return java.util.List.of("-XX:StartFlightRecording=settings=profile,filename=" + jfr);
    }
}
