package io.runnel.bench.load;

import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code bench produce|consume|e2e}: parses the shared options, runs the load, prints the summary table (or
 * one JSON line with {@code --json}) on stdout; progress goes to stderr. Exit 0 when every record succeeded,
 * 1 on failures or a broker problem, 2 on bad input. Runs on the CLI's main thread.
 */
public abstract class LoadCommand implements Callable<Integer> {

    @Mixin
    LoadOptions options;

    @Spec
    CommandSpec commandSpec;

    abstract LoadMode mode();

    @Override
    public Integer call() {
        LoadSpec spec;
        try {
            spec = options.toSpec(mode());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandSpec.commandLine(), e.getMessage(), e);
        }
        CommandLine cl = commandSpec.commandLine();
        LoadResult result;
        try {
            result = new LoadRunner(spec, cl.getErr()).run();
        } catch (BenchException | KafkaException e) {
            cl.getErr().println("error: " + e.getMessage());
            return 1;
        }
        if (options.json()) {
            cl.getOut().println(result.toJson());
        } else {
            cl.getOut().print(result.toTable());
        }
        cl.getOut().flush();
        return result.ok() ? 0 : 1;
    }

    @Command(name = "produce", mixinStandardHelpOptions = true,
            description = "Produce records at a fixed rate or as fast as possible; latency is send-to-ack.")
    public static final class Produce extends LoadCommand {
        @Override
        LoadMode mode() {
            return LoadMode.PRODUCE;
        }
    }

    @Command(name = "consume", mixinStandardHelpOptions = true,
            description = "Consume the topic from the beginning (or as a group member) and report throughput.")
    public static final class Consume extends LoadCommand {
        @Override
        LoadMode mode() {
            return LoadMode.CONSUME;
        }
    }

    @Command(name = "e2e", mixinStandardHelpOptions = true,
            description = "Produce and consume at once; latency is produce-to-consume, from a timestamp in each record.")
    public static final class EndToEnd extends LoadCommand {
        @Override
        LoadMode mode() {
            return LoadMode.E2E;
        }
    }
}
