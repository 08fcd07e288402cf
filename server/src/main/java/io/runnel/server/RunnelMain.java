package io.runnel.server;

import io.runnel.bench.load.BenchCommand;
import io.runnel.nexmark.NexmarkCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of runnel.jar: one picocli command with a subcommand per tool. Exit codes: 0 ok, 1 runtime
 * failure, 2 bad usage or configuration.
 */
@Command(name = "runnel", mixinStandardHelpOptions = true, versionProvider = RunnelMain.Version.class,
        description = "Runnel: a streaming platform that speaks the Kafka protocol.",
        subcommands = {CommandLine.HelpCommand.class, BenchCommand.class})
public final class RunnelMain implements Runnable {
    private static final String LEAK_DETECTION_LEVEL = "io.netty.leakDetection.level";
    private static final String NETTY_JFR = "io.netty.jfr.enabled";

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("server")) {
            // Start-up path: picocli models every command it is given by reflection, and the bench, pipeline,
            // example and nexmark trees cost about as much as starting the broker
            // (decisions 0042, 0044). `runnel server ...` needs only its own command, and plain
            // arguments need no picocli at all (ServerArgs); help, version and bad usage still go through it.
            disableBufferLeakSamplingUnlessSet();
            disableNettyJfrEventsUnlessSet();
            String[] serverArgs = java.util.Arrays.copyOfRange(args, 1, args.length);
            ServerArgs.Parsed plain = ServerArgs.parsePlain(serverArgs);
            System.exit(plain != null ? ServerCommand.run(plain, System.err)
                    : serverCommandLine().execute(serverArgs));
        }
        System.exit(commandLine().execute(args));
    }

    /**
     * Netty's default leak detection captures a stack trace for one buffer in 128, on the event loop, for every
     * request and response buffer: a visible share of the event loop in the produce profile (docs/decisions/0021).
     * The test suites keep it (they run brokers in process, not through this entry point); an operator chasing a
     * leak sets {@code -Dio.netty.leakDetection.level=simple} (or paranoid) in RUNNEL_JAVA_OPTS.
     */
    static void disableBufferLeakSamplingUnlessSet() {
        if (System.getProperty(LEAK_DETECTION_LEVEL) == null) {
            System.setProperty(LEAK_DETECTION_LEVEL, "disabled");
        }
    }

    /**
     * Netty 4.2's buffer allocator describes its chunks and buffers as JFR events, and the first allocation that
     * asks whether they are enabled registers them with JFR: on the broker's first request, about 100 ms of JFR
     * set-up (annotation proxies, generated event handlers) before the first answer
     * (docs/decisions/0044-start-to-listening.md). Nothing records them unless an operator asks: set
     * {@code -Dio.netty.jfr.enabled=true} in RUNNEL_JAVA_OPTS to see them in a recording.
     */
    static void disableNettyJfrEventsUnlessSet() {
        if (System.getProperty(NETTY_JFR) == null) {
            System.setProperty(NETTY_JFR, "false");
        }
    }

    /** {@code runnel server} alone: the same options, help and exit codes as through {@link #commandLine()}. */
    static CommandLine serverCommandLine() {
        return new CommandLine(new ServerCommand(System.err)).setCommandName("runnel server");
    }

    static CommandLine commandLine() {
        // picocli answers bad usage with exit code 2 (CommandLine.ExitCode.USAGE).
        CommandLine cl = new CommandLine(new RunnelMain());
        cl.addSubcommand("server", new ServerCommand(System.err));
        cl.addSubcommand(new PipelineCommand());
        cl.addSubcommand(new ExampleCommand());
        cl.addSubcommand(new NexmarkCommand());
        return cl;
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    /** The version from the jar manifest (or "dev" when run from classes). */
    public static String version() {
        String v = RunnelMain.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"runnel " + version()};
        }
    }
}
