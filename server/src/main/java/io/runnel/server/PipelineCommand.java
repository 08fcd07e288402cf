package io.runnel.server;

import io.runnel.common.config.Config;
import io.runnel.common.config.ConfigException;
import io.runnel.examples.Examples;
import io.runnel.streams.Companions;
import io.runnel.streams.Pipeline;
import io.runnel.streams.PipelineFactory;
import io.runnel.streams.runtime.StreamsConfig;
import io.runnel.streams.runtime.Worker;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code runnel pipeline run NAME|CLASS}: runs an example pipeline by name, or a {@link PipelineFactory} class from a
 * jar, as a streams worker against a Kafka-protocol cluster; {@code runnel pipeline list} lists the examples.
 * Each {@code --set key=value} goes to the pipeline's parameters when it declares the key, else to the worker
 * configuration (keys of {@link StreamsConfig}).
 */
@Command(name = "pipeline", description = "Run stream-processing pipelines.", mixinStandardHelpOptions = true,
        subcommands = {PipelineCommand.Run.class, PipelineCommand.ListExamples.class})
final class PipelineCommand implements Runnable {

    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.out);
    }

    @Command(name = "list", description = "List the example pipelines.")
    static final class ListExamples implements Runnable {
        @Override
        public void run() {
            for (PipelineFactory f : Examples.all()) {
                System.out.printf("%-16s %s%n", f.name(), f.description());
            }
        }
    }

    @Command(name = "run", description = "Run a pipeline until interrupted (or until its bounded input ends).",
            mixinStandardHelpOptions = true)
    static final class Run implements Callable<Integer> {
        @Parameters(index = "0", description = "Example name (see 'pipeline list') or PipelineFactory class name.")
        String pipeline;

        @Option(names = "--bootstrap", required = true, description = "host:port of the cluster.")
        String bootstrap;

        @Option(names = "--jar", description = "Jar holding the PipelineFactory class.")
        File jar;

        @Option(names = "--threads", description = "Processing threads (default 1).")
        Integer threads;

        @Option(names = "--mode", description = "record (default), micro-batch or bounded.")
        String mode;

        @Option(names = "--set", description = "key=value: a pipeline parameter or worker setting.")
        Map<String, String> settings = new HashMap<>();

        @Override
        public Integer call() throws Exception {
            PipelineFactory factory = resolve();
            Map<String, String> params = new HashMap<>();
            Map<String, String> worker = new HashMap<>();
            for (Map.Entry<String, String> e : settings.entrySet()) {
                (factory.parameters().contains(e.getKey()) ? params : worker).put(e.getKey(), e.getValue());
            }
            worker.put(StreamsConfig.BOOTSTRAP_SERVERS.name(), bootstrap);
            if (threads != null) {
                worker.put(StreamsConfig.THREADS.name(), threads.toString());
            }
            if (mode != null) {
                worker.put(StreamsConfig.MODE.name(), mode);
            }
            Config paramConfig;
            try {
                paramConfig = factory.parameters().parse(params);
                StreamsConfig.DEF.parse(worker);
            } catch (ConfigException e) {
                System.err.println("runnel pipeline: " + e.getMessage());
                return 2;
            }
            Pipeline p = factory.build(paramConfig);
            System.out.print(p.describe());
            Worker w = new Worker(p, worker);
            CountDownLatch stopped = new CountDownLatch(1);
            List<AutoCloseable> companions = new ArrayList<>();
            Thread hook = new Thread(() -> {
                closeAll(companions);
                w.close();
                stopped.countDown();
            }, "runnel-pipeline-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            if (factory instanceof Companions c) {
                companions.addAll(c.start(paramConfig, bootstrap)); // loaders first: they may create the inputs
            }
            w.start();
            Optional<Throwable> failure = w.awaitTermination(Long.MAX_VALUE / 2);
            if (!Thread.currentThread().isInterrupted()) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                    closeAll(companions);
                } catch (IllegalStateException shuttingDown) {
                    stopped.await();
                }
            }
            if (failure.isPresent()) {
                System.err.println("runnel pipeline: failed: " + failure.get());
                return 1;
            }
            System.out.println("runnel pipeline: " + p.applicationId() + " finished, " + w.processedRecords()
                    + " records processed");
            return 0;
        }

        private PipelineFactory resolve() throws Exception {
            Optional<PipelineFactory> example = Examples.byName(pipeline);
            if (example.isPresent()) {
                return example.get();
            }
            ClassLoader loader = jar == null ? getClass().getClassLoader()
                    : new URLClassLoader(new URL[] {jar.toURI().toURL()}, getClass().getClassLoader());
            Class<?> cls = Class.forName(pipeline, true, loader);
            return (PipelineFactory) cls.getDeclaredConstructor().newInstance();
        }

        private static void closeAll(List<AutoCloseable> companions) {
            List<AutoCloseable> reversed = new ArrayList<>(companions);
            Collections.reverse(reversed);
            for (AutoCloseable c : reversed) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.err.println("runnel pipeline: closing " + c + " failed: " + e);
                }
            }
            companions.clear();
        }
    }
}
