package io.runnel.bench.load;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validated, immutable description of one load run. The compact constructor enforces every limit, so a spec
 * that exists is runnable; bad input raises {@link IllegalArgumentException} with a message naming the option.
 *
 * @param mode               produce, consume or e2e
 * @param bootstrap          HOST:PORT[,HOST:PORT...] of any Kafka-protocol broker
 * @param topic              the topic; created with {@code partitions} partitions when missing
 * @param recordsMax         stop after this many records; 0 = bounded by {@code durationNs} only
 * @param durationNs         stop after this long; 0 = bounded by {@code recordsMax} only
 * @param rateRecordsPerSec  target records/s over all producers; 0 = as fast as possible
 * @param recordSizeBytes    value size of each record
 * @param partitions         partitions of the topic when the tool creates it
 * @param producers          producer threads (each its own KafkaProducer), sharing rate and count
 * @param acks               0, 1 or all
 * @param compression        none, gzip, snappy, lz4 or zstd
 * @param warmupNs           records sent during this first period are not measured
 * @param timeoutNs          hard bound on the whole run; past it the run fails
 * @param idleTimeoutNs      consumers stop after this long without a record
 * @param group              consumer group id, or null to assign all partitions without a group
 * @param clientProperties   extra client configs (--property key=value), applied last
 * @param progress           print a progress line each second on stderr
 */
public record LoadSpec(
        LoadMode mode,
        String bootstrap,
        String topic,
        long recordsMax,
        long durationNs,
        double rateRecordsPerSec,
        int recordSizeBytes,
        int partitions,
        int producers,
        String acks,
        String compression,
        long warmupNs,
        long timeoutNs,
        long idleTimeoutNs,
        String group,
        Map<String, String> clientProperties,
        boolean progress) {

    /** Largest record value the tool sends: Kafka's default max.message.bytes is about 1 MiB. */
    public static final int RECORD_SIZE_MAX_BYTES = 16 * 1024 * 1024;
    /** e2e records carry the send time in their first 8 bytes. */
    public static final int E2E_RECORD_SIZE_MIN_BYTES = Long.BYTES;
    public static final int PARTITIONS_MAX = 100_000;
    public static final int PRODUCERS_MAX = 64;
    public static final long DEFAULT_TIMEOUT_SLACK_NS = 120_000_000_000L;
    public static final long DEFAULT_TIMEOUT_RECORDS_ONLY_NS = 1_800_000_000_000L;

    private static final Set<String> ACKS = Set.of("0", "1", "all", "-1");
    private static final Set<String> COMPRESSIONS = Set.of("none", "gzip", "snappy", "lz4", "zstd");
    private static final Pattern BOOTSTRAP = Pattern.compile("^[^\\s,:]+:\\d{1,5}(,[^\\s,:]+:\\d{1,5})*$");
    private static final Pattern TOPIC = Pattern.compile("^[a-zA-Z0-9._-]{1,249}$");

    public LoadSpec {
        require(mode != null, "mode is required");
        require(bootstrap != null && BOOTSTRAP.matcher(bootstrap).matches(),
                "--bootstrap must be HOST:PORT[,HOST:PORT...], got '" + bootstrap + "'");
        for (String hostPort : bootstrap.split(",")) {
            int port = Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
            require(port >= 1 && port <= 65535, "--bootstrap port must be 1..65535, got " + port);
        }
        require(topic != null && TOPIC.matcher(topic).matches() && !topic.equals(".") && !topic.equals(".."),
                "--topic must be 1..249 characters of [a-zA-Z0-9._-], got '" + topic + "'");
        require(recordsMax >= 0, "--records must be positive, got " + recordsMax);
        require(durationNs >= 0, "--duration must be positive");
        require(recordsMax > 0 || durationNs > 0, "give --records N or --duration D (or both; the first reached ends the run)");
        require(rateRecordsPerSec >= 0 && Double.isFinite(rateRecordsPerSec), "--rate must be a positive number or 'max'");
        int sizeMin = mode == LoadMode.E2E ? E2E_RECORD_SIZE_MIN_BYTES : 1;
        require(recordSizeBytes >= sizeMin && recordSizeBytes <= RECORD_SIZE_MAX_BYTES,
                "--record-size must be " + sizeMin + ".." + RECORD_SIZE_MAX_BYTES + " bytes"
                        + (mode == LoadMode.E2E ? " (e2e records carry an 8-byte timestamp)" : "") + ", got " + recordSizeBytes);
        require(partitions >= 1 && partitions <= PARTITIONS_MAX, "--partitions must be 1.." + PARTITIONS_MAX + ", got " + partitions);
        require(producers >= 1 && producers <= PRODUCERS_MAX, "--producers must be 1.." + PRODUCERS_MAX + ", got " + producers);
        require(acks != null && ACKS.contains(acks), "--acks must be one of 0, 1, all, got '" + acks + "'");
        require(compression != null && COMPRESSIONS.contains(compression),
                "--compression must be one of none, gzip, snappy, lz4, zstd, got '" + compression + "'");
        require(warmupNs >= 0, "--warmup must not be negative");
        require(durationNs == 0 || warmupNs < durationNs, "--warmup must be shorter than --duration");
        require(timeoutNs > 0, "--timeout must be positive");
        require(durationNs == 0 || timeoutNs > durationNs, "--timeout must be longer than --duration");
        require(idleTimeoutNs > 0, "--idle-timeout must be positive");
        require(group == null || !group.isBlank(), "--group must not be blank");
        require(group == null || mode == LoadMode.CONSUME, "--group applies to consume only (e2e assigns every partition)");
        clientProperties = Map.copyOf(clientProperties == null ? Map.of() : clientProperties);
    }

    /** The default hard bound: the duration plus two minutes of slack, or 30 minutes for count-only runs. */
    public static long defaultTimeoutNs(long durationNs) {
        return durationNs > 0 ? durationNs + DEFAULT_TIMEOUT_SLACK_NS : DEFAULT_TIMEOUT_RECORDS_ONLY_NS;
    }

    /** The same run against a topic that turned out to have {@code actual} partitions. */
    public LoadSpec withPartitions(int actual) {
        return new LoadSpec(mode, bootstrap, topic, recordsMax, durationNs, rateRecordsPerSec, recordSizeBytes, actual,
                producers, acks, compression, warmupNs, timeoutNs, idleTimeoutNs, group, clientProperties, progress);
    }

    /** True when records are paced at a fixed rate rather than sent as fast as the broker takes them. */
    public boolean paced() {
        return rateRecordsPerSec > 0;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
