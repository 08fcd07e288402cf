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

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
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
