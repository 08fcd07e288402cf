package io.runnel.bench.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Runnel node on loopback: {@code java -Xms/-Xmx HEAP -XX:+UseG1GC -jar runnel.jar server} (the flags of the
 * {@code ./runnel} launcher) with the listener and data directory given as {@code --override}s, plus any extra
 * overrides the user passes. Immutable.
 */
final class RunnelBroker implements BrokerUnderTest {

    private final Path jar;
    private final String heap;
    private final int port;
    private final List<String> overrides;
    private final boolean jfr;

    RunnelBroker(Path jar, String heap, int port, List<String> overrides, boolean jfr) {
        this.jar = jar;
        this.heap = heap;
        this.port = port;
        this.overrides = List.copyOf(overrides);
        this.jfr = jfr;
    }

    @Override
    public String id() {
        return "runnel";
    }

    @Override
    public String label() {
        return "Runnel";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public BrokerProcess start(Path dataDir, Path logFile) {
        return BrokerProcess.spawn(label(), command(dataDir, logFile), dataDir.getParent(), logFile);
    }

    List<String> command(Path dataDir, Path logFile) {
        List<String> cmd = new ArrayList<>(List.of(ChildProcesses.javaBin(), "-Xms" + heap, "-Xmx" + heap, "-XX:+UseG1GC"));
        cmd.addAll(BrokerUnderTest.jfrFlags(jfr, logFile));
        cmd.addAll(List.of("-jar", jar.toString(), "server",
                "--override", "listeners=PLAINTEXT://" + HOST + ":" + port,
                "--override", "advertised.listeners=PLAINTEXT://" + HOST + ":" + port,
                "--override", "log.dirs=" + dataDir));
        for (String o : overrides) {
            cmd.add("--override");
            cmd.add(o);
        }
        return cmd;
    }
}
