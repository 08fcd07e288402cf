package io.runnel.nexmark;

import io.runnel.common.config.Config;
import io.runnel.common.config.ConfigException;
import io.runnel.nexmark.generator.EventWriter;
import io.runnel.nexmark.generator.GeneratorConfig;
import io.runnel.nexmark.generator.NexmarkGenerator;
import io.runnel.nexmark.queries.NexmarkQuery;
import io.runnel.nexmark.queries.Queries;
import io.runnel.streams.Pipeline;
import io.runnel.streams.runtime.StreamsConfig;
import io.runnel.streams.runtime.Worker;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code runnel nexmark}: generate Nexmark events into a cluster, and run the queries q0-q8 on them. */
@Command(name = "nexmark", mixinStandardHelpOptions = true,
        description = "The Nexmark benchmark: event generator and queries q0-q8.",
        subcommands = {NexmarkCommand.Generate.class, NexmarkCommand.Run.class, NexmarkCommand.ListQueries.class})
public final class NexmarkCommand implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    @Command(name = "list", description = "List the queries.")
    static final class ListQueries implements Runnable {
        @Override
        public void run() {
            for (NexmarkQuery q : Queries.all()) {
                System.out.printf("%-4s %s%n", q.name(), q.description());
            }
        }
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Write N generated events to nexmark-person, nexmark-auction and nexmark-bid.")
    static final class Generate implements Callable<Integer> {
        @Option(names = "--bootstrap", required = true, description = "host:port of the cluster.")
        String bootstrap;

        @Option(names = "--events", required = true, description = "How many events (1 person : 3 auctions : 46 bids).")
        long events;

        @Option(names = "--seed", defaultValue = "1", description = "Random seed (default 1): same seed, same events.")
        long seed;

        @Option(names = "--rate", defaultValue = "0",
                description = "Events per second to send, and event-time rate (default: as fast as possible).")
        double rate;

        @Option(names = "--event-rate", description = "Events per second of event time (default: --rate, else 10000).")
        Long eventRate;

        @Option(names = "--base-time-ms", description = "Event time of the first event (default: now).")
        Long baseTimeMs;

        @Option(names = "--partitions", defaultValue = "3", description = "Partitions of topics it creates (default 3).")
        int partitions;

        @Option(names = "--topic-prefix", defaultValue = NexmarkTopics.DEFAULT_PREFIX,
                description = "Topics <prefix>person, <prefix>auction, <prefix>bid (default nexmark-).")
        String topicPrefix;

        @Override
        public Integer call() throws Exception {
            long eventsPerSecond = eventRate != null ? eventRate
                    : rate > 0 ? Math.max(1, Math.round(rate)) : GeneratorConfig.DEFAULT_EVENTS_PER_SECOND;
            GeneratorConfig config = new GeneratorConfig(seed, baseTimeMs != null ? baseTimeMs
                    : System.currentTimeMillis(), eventsPerSecond);
            EventWriter writer = new EventWriter(bootstrap, partitions, topicPrefix);
            writer.createTopics();
            EventWriter.Summary s = writer.write(new NexmarkGenerator(config), events, rate);
            System.out.printf("nexmark: wrote %d events (%d persons, %d auctions, %d bids) in %d ms, %.0f events/s; "
                            + "event time %d..%d%n", s.events(), s.persons(), s.auctions(), s.bids(), s.elapsedMs(),
                    s.events() * 1000.0 / Math.max(1, s.elapsedMs()), config.timestampOf(0),
                    config.timestampOf(Math.max(0, events - 1)));
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run query qN, writing JSON results to nexmark-qN, until interrupted or (--bounded) the "
                    + "input present at start is consumed.")
    static final class Run implements Callable<Integer> {
        @Parameters(index = "0", description = "q0 .. q8")
        String query;

        @Option(names = "--bootstrap", required = true, description = "host:port of the cluster.")
        String bootstrap;

        @Option(names = "--bounded", description = "Process the input present at start, write final results, stop.")
        boolean bounded;

        @Option(names = "--threads", description = "Processing threads (default 1).")
        Integer threads;

        @Option(names = "--set", description = "key=value: a query parameter or a worker setting.")
        Map<String, String> settings = new HashMap<>();

        @Override
        public Integer call() throws Exception {
            Optional<NexmarkQuery> q = Queries.byName(query);
            if (q.isEmpty()) {
                System.err.println("runnel nexmark: unknown query " + query + " (q0 .. q8)");
                return 2;
            }
            Map<String, String> params = new HashMap<>();
            Map<String, String> worker = new HashMap<>();
            settings.forEach((k, v) -> (q.get().parameters().contains(k) ? params : worker).put(k, v));
            worker.put(StreamsConfig.BOOTSTRAP_SERVERS.name(), bootstrap);
            if (threads != null) {
                worker.put(StreamsConfig.THREADS.name(), threads.toString());
            }
            if (bounded) {
                worker.put(StreamsConfig.MODE.name(), "bounded");
            }
            Config parameters;
            try {
                parameters = q.get().parameters().parse(params);
                StreamsConfig.DEF.parse(worker);
            } catch (ConfigException e) {
                System.err.println("runnel nexmark: " + e.getMessage());
                return 2;
            }
            Pipeline pipeline = q.get().build(parameters);
            Worker w = new Worker(pipeline, worker);
            Thread hook = new Thread(w::close, "runnel-nexmark-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            w.start();
            Optional<Throwable> failure = w.awaitTermination(Long.MAX_VALUE / 2);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is exiting: the hook closes the worker.
            }
            if (failure.isPresent()) {
                System.err.println("runnel nexmark: " + query + " failed: " + failure.get());
                return 1;
            }
            System.out.println("runnel nexmark: " + query + " finished, " + w.processedRecords()
                    + " records processed");
            return 0;
        }
    }
}
