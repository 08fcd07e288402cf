package io.runnel.bench.load;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The command-line options shared by {@code bench produce|consume|e2e}. Values stay strings until
 * {@link #toSpec(LoadMode)} parses them, so every bad value gets one message naming its option.
 * Populated by picocli on the main thread.
 */
public final class LoadOptions {

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Broker(s) to connect to.")
    String bootstrap;

    @Option(names = "--topic", required = true, description = "Topic; produce and e2e create it if missing.")
    String topic;

    @Option(names = "--records", paramLabel = "N", description = "Stop after N records (20k, 2M accepted).")
    String records;

    @Option(names = "--duration", paramLabel = "D", description = "Stop after D (30s, 2m). With --records, the first reached ends the run.")
    String duration;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "max", description = "Records/s over all producers, or max (default).")
    String rate;

    @Option(names = "--record-size", paramLabel = "S", defaultValue = "1024", description = "Value bytes per record (default 1024; 1KiB accepted).")
    String recordSize;

    @Option(names = "--partitions", paramLabel = "P", defaultValue = "1", description = "Partitions when creating the topic (default 1).")
    int partitions;

    @Option(names = "--producers", paramLabel = "K", defaultValue = "1", description = "Producer threads, each with its own client (default 1).")
    int producers;

    @Option(names = "--acks", defaultValue = "all", description = "0, 1 or all (default all).")
    String acks;

    @Option(names = "--compression", defaultValue = "none", description = "none, gzip, snappy, lz4 or zstd (default none).")
    String compression;

    @Option(names = "--warmup", paramLabel = "D", defaultValue = "0s", description = "Leave records sent in this first period out of the figures.")
    String warmup;

    @Option(names = "--timeout", paramLabel = "D", description = "Hard bound on the run (default: duration + 2m, or 30m).")
    String timeout;

    @Option(names = "--idle-timeout", paramLabel = "D", defaultValue = "10s", description = "Consumers stop after this long without a record (default 10s).")
    String idleTimeout;

    @Option(names = "--group", description = "consume: join this consumer group instead of assigning every partition.")
    String group;

    @Option(names = "--property", paramLabel = "KEY=VALUE", description = "Extra client config, repeatable (e.g. linger.ms=1).")
    Map<String, String> properties = new LinkedHashMap<>();

    @Option(names = "--json", description = "Print the result as one JSON line instead of a table.")
    boolean json;

    @Option(names = "--no-progress", description = "No progress line each second.")
    boolean noProgress;

    /** Parses and validates everything; IllegalArgumentException names the bad option. */
    public LoadSpec toSpec(LoadMode mode) {
        long recordsMax = records == null ? 0 : positive(Units.parseCount(records), "--records");
        long durationNs = duration == null ? 0 : positive(Units.parseDurationNs(duration), "--duration");
        double rateRecordsPerSec = "max".equalsIgnoreCase(rate.trim()) ? 0 : positive(Units.parseCount(rate), "--rate");
        long sizeBytes = Units.parseBytes(recordSize);
        if (sizeBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--record-size is too large: " + recordSize);
        }
        long timeoutNs = timeout == null ? LoadSpec.defaultTimeoutNs(durationNs) : Units.parseDurationNs(timeout);
        return new LoadSpec(mode, bootstrap, topic, recordsMax, durationNs, rateRecordsPerSec, (int) sizeBytes,
                partitions, producers, acks == null ? null : acks.trim().toLowerCase(java.util.Locale.ROOT),
                compression == null ? null : compression.trim().toLowerCase(java.util.Locale.ROOT),
                Units.parseDurationNs(warmup), timeoutNs, Units.parseDurationNs(idleTimeout), group, properties,
                !noProgress);
    }

    public boolean json() {
        return json;
    }

    private static long positive(long value, String option) {
        if (value <= 0) {
            throw new IllegalArgumentException(option + " must be positive");
        }
        return value;
    }
}
