package io.runnel.bench.compare;

import io.runnel.bench.load.BenchException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Runnel node on loopback, started the way {@code ./runnel server} starts it: the launcher's JVM options
 * ({@link #launcherJvmFlags}) and its class-data archive ({@code runnel.jsa} next to the jar), with the listener and
 * data directory given as {@code --override}s, plus any extra overrides the user passes.
 *
 * <p>The launcher records the archive during the first {@code server} run after a build and maps it in every later
 * one; {@link #prepare} does that recording run (start, first ApiVersions answer, stop) once before the measured
 * rounds when the archive is missing or older than the jar, so every round starts as a user's second and later
 * starts do. Immutable apart from the archive file it may write; owned by the harness thread.
 */
final class RunnelBroker implements BrokerUnderTest {

    /** The launcher gives these to {@code server} only when the heap is at least this large (see the launcher). */
    static final long YOUNG_CAP_MIN_HEAP_MIB = 256;
    private static final List<String> CDS_QUIET = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    private static final long PRIMING_START_TIMEOUT_MS = 120_000;

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

    /** The class-data archive the launcher records and maps: {@code runnel.jsa} next to the jar. */
    Path archive() {
        return jar.toAbsolutePath().resolveSibling("runnel.jsa");
    }

    /** As the launcher's {@code [ "$jsa" -nt "$jar" ]}: the archive exists and is newer than the jar. */
    boolean archiveFresh() {
        Path jsa = archive();
        try {
            return Files.isRegularFile(jsa)
                    && Files.getLastModifiedTime(jsa).compareTo(Files.getLastModifiedTime(jar)) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Records the class-data archive as the launcher's first {@code server} run does, when it is missing or stale:
     * a node started with {@code -XX:ArchiveClassesAtExit} on a scratch data directory, stopped after its first
     * ApiVersions answer (the JVM writes the archive as it exits). Without an archive afterwards the rounds run
     * without one, and the output says so.
     */
    @Override
    public void prepare(Path workDir, PrintWriter out) {
        if (archiveFresh()) {
            out.println("Runnel: maps the class-data archive " + archive() + " (as ./runnel server does)");
            return;
        }
        out.println("Runnel: recording the class-data archive " + archive() + " (as the first ./runnel server run does)");
        Path dataDir = workDir.resolve("runnel-cds").resolve("data");
        try {
            Files.deleteIfExists(archive());
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new BenchException("cannot prepare " + dataDir + ": " + e.getMessage(), e);
        }
        Path log = workDir.resolve("logs").resolve("runnel-cds").resolve("broker.log");
        try (BrokerProcess node = BrokerProcess.spawn(label(), recordingCommand(dataDir, log), dataDir.getParent(), log)) {
            node.awaitListening(HOST, port, PRIMING_START_TIMEOUT_MS);
        } finally {
            CompareRunner.deleteRecursively(dataDir.getParent());
        }
        if (!archiveFresh()) {
            out.println("  note: no archive was written (log: " + log + "); Runnel starts without it in every round");
        }
    }

    @Override
    public BrokerProcess start(Path dataDir, Path logFile) {
        return BrokerProcess.spawn(label(), command(dataDir, logFile), dataDir.getParent(), logFile);
    }

    List<String> command(Path dataDir, Path logFile) {
        List<String> cds = new ArrayList<>();
        if (archiveFresh()) {
            cds.add("-XX:SharedArchiveFile=" + archive());
            cds.addAll(CDS_QUIET);
        }
        return command(cds, dataDir, logFile);
    }

    /** The command of the run that records the archive, as the launcher's first {@code server} run after a build. */
    List<String> recordingCommand(Path dataDir, Path logFile) {
        List<String> record = new ArrayList<>(List.of("-XX:ArchiveClassesAtExit=" + archive()));
        record.addAll(CDS_QUIET);
        return command(record, dataDir, logFile);
    }

    private List<String> command(List<String> cds, Path dataDir, Path logFile) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ChildProcesses.javaBin());
        cmd.addAll(launcherJvmFlags(heap));
        cmd.addAll(cds);
        cmd.addAll(BrokerUnderTest.jfrFlags(jfr, logFile));
        cmd.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "server",
                "--override", "listeners=PLAINTEXT://" + HOST + ":" + port,
                "--override", "advertised.listeners=PLAINTEXT://" + HOST + ":" + port,
                "--override", "log.dirs=" + dataDir));
        for (String o : overrides) {
            cmd.add("--override");
            cmd.add(o);
        }
        return cmd;
    }

    /**
     * The JVM options {@code ./runnel server} gives the broker before its class-data flags, for a heap of
     * {@code heap} (Java's size syntax): the heap, G1, and Runnel's stock memory settings (decision 0043) when the
     * heap is at least {@value #YOUNG_CAP_MIN_HEAP_MIB} MiB. Kept equal to the launcher's; BrokerCommandsTest runs the
     * launcher to check.
     */
    static List<String> launcherJvmFlags(String heap) {
        List<String> flags = new ArrayList<>(List.of("-Xms" + heap, "-Xmx" + heap, "-XX:+UseG1GC"));
        if (heapMib(heap) >= YOUNG_CAP_MIN_HEAP_MIB) {
            flags.addAll(List.of("-XX:MaxNewSize=64m", "-XX:TrimNativeHeapInterval=5000"));
        }
        return flags;
    }

    /** A Java heap size ({@code 1g}, {@code 512m}, {@code 1048576k}, bytes) in MiB, rounded down, as the launcher reads it. */
    static long heapMib(String heap) {
        String h = heap.toLowerCase(Locale.ROOT);
        char unit = h.charAt(h.length() - 1);
        String digits = Character.isDigit(unit) ? h : h.substring(0, h.length() - 1);
        long n = Long.parseLong(digits);
        return switch (unit) {
            case 'g' -> n * 1024;
            case 'm' -> n;
            case 'k' -> n / 1024;
            default -> n / (1024 * 1024);
        };
    }
}
