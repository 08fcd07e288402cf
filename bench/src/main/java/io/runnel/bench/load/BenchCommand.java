package io.runnel.bench.load;

import io.runnel.bench.compare.CompareCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code runnel bench}: the load tool's subcommands and the side-by-side comparison with Apache Kafka. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Load tool for any Kafka-protocol broker, and a side-by-side benchmark against Apache Kafka.",
        subcommands = {LoadCommand.Produce.class, LoadCommand.Consume.class, LoadCommand.EndToEnd.class,
                CompareCommand.class, io.runnel.bench.streams.StreamsBenchmark.class,
                io.runnel.bench.nexmark.NexmarkBenchmark.class})
public final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: produce, consume, e2e or compare");
    }

    /** Standalone entry point (the compare harness runs clients in their own JVM through this). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }
}
