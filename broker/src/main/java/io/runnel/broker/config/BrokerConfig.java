package io.runnel.broker.config;

import io.runnel.broker.BrokerModule;
import io.runnel.broker.BrokerModules;
import io.runnel.broker.network.Listener;
import io.runnel.common.config.Config;
import io.runnel.common.config.ConfigDef;
import io.runnel.common.config.ConfigKey;
import io.runnel.common.config.ConfigType;
import io.runnel.common.config.Validator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The broker's configuration keys (Kafka's names where the concept is Kafka's, {@code runnel.} otherwise) and a
 * typed view over a parsed {@link Config}. Areas with their own keys (partitions, groups) declare them in their
 * {@link BrokerModule}; {@link #DEF} includes them, so one file configures the whole broker and one table
 * documents it. Immutable, thread-safe.
 */
public final class BrokerConfig {

    public static final ConfigKey<List<String>> LISTENERS = ConfigKey.of("listeners", ConfigType.LIST,
            List.of("PLAINTEXT://127.0.0.1:9092"), listenerList(), "Where the broker accepts connections, as "
            + "NAME://host:port (only PLAINTEXT so far). An empty host binds every interface; port 0 picks a free port.");
    public static final ConfigKey<List<String>> ADVERTISED_LISTENERS = ConfigKey.of("advertised.listeners",
            ConfigType.LIST, List.of(), Validator.of(v -> v.stream().allMatch(BrokerConfig::looksLikeListener),
                    "PLAINTEXT://host:port entries, or empty"),
            "What clients are told to connect to, when that differs from 'listeners' (e.g. behind NAT). "
            + "Empty: the bound listeners.");
    public static final ConfigKey<List<String>> LOG_DIRS = ConfigKey.of("log.dirs", ConfigType.LIST,
            List.of("./data"), Validator.of(v -> v.size() == 1, "exactly one directory (several are not supported yet)"),
            "The directory holding partition logs and the metadata log.");
    public static final ConfigKey<Integer> NODE_ID = ConfigKey.of("node.id", ConfigType.INT, 1,
            Validator.atLeast(0), "This broker's id, as clients see it in metadata.");
    public static final ConfigKey<String> RACK = ConfigKey.of("broker.rack", ConfigType.STRING, "",
            Validator.any(), "Rack of this broker, shown in metadata; empty for none.");
    public static final ConfigKey<Integer> NUM_PARTITIONS = ConfigKey.of("num.partitions", ConfigType.INT, 1,
            Validator.atLeast(1), "Partitions of a topic created without a count (auto-create, or -1 in CreateTopics).");
    public static final ConfigKey<Integer> DEFAULT_REPLICATION_FACTOR = ConfigKey.of("default.replication.factor",
            ConfigType.INT, 1, Validator.between(1, 1), "Replicas of a new topic; one node holds one replica.");
    public static final ConfigKey<Boolean> AUTO_CREATE_TOPICS = ConfigKey.of("auto.create.topics.enable",
            ConfigType.BOOLEAN, true, Validator.any(),
            "Create a topic when a client asks for its metadata (or produces to it) and it does not exist.");
    public static final ConfigKey<Boolean> DELETE_TOPIC_ENABLE = ConfigKey.of("delete.topic.enable",
            ConfigType.BOOLEAN, true, Validator.any(), "Allow DeleteTopics.");

    public static final ConfigKey<Long> LOG_RETENTION_MS = ConfigKey.of("log.retention.ms", ConfigType.LONG,
            7 * 24 * 3_600_000L, Validator.atLeast(-1L), "Default retention.ms of topics: how long records are "
            + "kept (-1: forever). Takes precedence over log.retention.minutes and log.retention.hours.");
    public static final ConfigKey<Integer> LOG_RETENTION_MINUTES = ConfigKey.of("log.retention.minutes",
            ConfigType.INT, 7 * 24 * 60, Validator.atLeast(-1), "Retention in minutes, when log.retention.ms is not set.");
    public static final ConfigKey<Integer> LOG_RETENTION_HOURS = ConfigKey.of("log.retention.hours", ConfigType.INT,
            7 * 24, Validator.atLeast(-1), "Retention in hours, when neither log.retention.ms nor "
            + "log.retention.minutes is set.");
    public static final ConfigKey<Long> LOG_RETENTION_BYTES = ConfigKey.of("log.retention.bytes", ConfigType.LONG,
            -1L, Validator.atLeast(-1L), "Default retention.bytes: the size a partition may reach before old "
            + "segments go (-1: no limit).");
    public static final ConfigKey<Integer> LOG_SEGMENT_BYTES = ConfigKey.of("log.segment.bytes", ConfigType.INT,
            1 << 30, Validator.atLeast(64), "Default segment.bytes: size at which a new segment file is rolled.");
    public static final ConfigKey<Long> LOG_ROLL_MS = ConfigKey.of("log.roll.ms", ConfigType.LONG,
            7 * 24 * 3_600_000L, Validator.atLeast(1L), "Default segment.ms: age at which a new segment is rolled. "
            + "Takes precedence over log.roll.hours.");
    public static final ConfigKey<Integer> LOG_ROLL_HOURS = ConfigKey.of("log.roll.hours", ConfigType.INT, 7 * 24,
            Validator.atLeast(1), "Segment roll age in hours, when log.roll.ms is not set.");
    public static final ConfigKey<Long> LOG_FLUSH_INTERVAL_MESSAGES = ConfigKey.of("log.flush.interval.messages",
            ConfigType.LONG, Long.MAX_VALUE, Validator.atLeast(1L), "Default flush.messages: records written before "
            + "a partition is fsynced regardless of acks (acks=all always waits for its fsync).");
    public static final ConfigKey<Long> LOG_FLUSH_INTERVAL_MS = ConfigKey.of("log.flush.interval.ms",
            ConfigType.LONG, Long.MAX_VALUE, Validator.atLeast(0L), "Default flush.ms: longest time written records "
            + "stay un-fsynced regardless of acks.");
    public static final ConfigKey<List<String>> LOG_CLEANUP_POLICY = ConfigKey.of("log.cleanup.policy",
            ConfigType.LIST, List.of("delete"), Validator.subsetOf("delete", "compact"),
            "Default cleanup.policy of topics.");
    public static final ConfigKey<String> LOG_MESSAGE_TIMESTAMP_TYPE = ConfigKey.of("log.message.timestamp.type",
            ConfigType.STRING, "CreateTime", Validator.oneOf("CreateTime", "LogAppendTime"),
            "Default message.timestamp.type of topics.");
    public static final ConfigKey<Integer> MESSAGE_MAX_BYTES = ConfigKey.of("message.max.bytes", ConfigType.INT,
            1_048_588, Validator.atLeast(0), "Default max.message.bytes: the largest record batch a topic accepts.");
    public static final ConfigKey<String> COMPRESSION_TYPE = ConfigKey.of("compression.type", ConfigType.STRING,
            "producer", Validator.oneOf("producer", "uncompressed", "gzip", "snappy", "lz4", "zstd"),
            "Default compression.type of topics ('producer' keeps what the producer sent).");

    public static final ConfigKey<Integer> SOCKET_REQUEST_MAX_BYTES = ConfigKey.of("socket.request.max.bytes",
            ConfigType.INT, 100 * 1024 * 1024, Validator.atLeast(1), "Largest request frame accepted; a bigger one "
            + "closes the connection before any buffer is allocated for it.");
    public static final ConfigKey<Long> CONNECTIONS_MAX_IDLE_MS = ConfigKey.of("connections.max.idle.ms",
            ConfigType.LONG, 600_000L, Validator.atLeast(1L), "Idle connections (no bytes either way, nothing in "
            + "flight) are closed after this long; also bounds how long a half-sent request is kept.");
    public static final ConfigKey<Integer> NUM_NETWORK_THREADS = ConfigKey.of("num.network.threads", ConfigType.INT,
            3, Validator.atLeast(1), "Event loop threads that own the connections (framing and dispatch only).");
    public static final ConfigKey<Integer> NUM_IO_THREADS = ConfigKey.of("num.io.threads", ConfigType.INT, 8,
            Validator.atLeast(1), "Threads for request work that touches disk or may wait.");
    public static final ConfigKey<Integer> INFLIGHT_REQUESTS_PER_CONNECTION = ConfigKey.of(
            "runnel.connection.inflight.requests.max", ConfigType.INT, 100, Validator.atLeast(1),
            "Requests a connection may have read and unanswered before the broker stops reading from it.");
    public static final ConfigKey<Long> SHUTDOWN_TIMEOUT_MS = ConfigKey.of("runnel.shutdown.timeout.ms",
            ConfigType.LONG, 30_000L, Validator.atLeast(0L), "On SIGTERM, how long in-flight requests may take to "
            + "finish before their connections are closed.");

    private static final List<ConfigKey<?>> CORE_KEYS = List.of(LISTENERS, ADVERTISED_LISTENERS, LOG_DIRS, NODE_ID,
            RACK, NUM_PARTITIONS, DEFAULT_REPLICATION_FACTOR, AUTO_CREATE_TOPICS, DELETE_TOPIC_ENABLE,
            LOG_RETENTION_MS, LOG_RETENTION_MINUTES, LOG_RETENTION_HOURS, LOG_RETENTION_BYTES, LOG_SEGMENT_BYTES,
            LOG_ROLL_MS, LOG_ROLL_HOURS, LOG_FLUSH_INTERVAL_MESSAGES, LOG_FLUSH_INTERVAL_MS, LOG_CLEANUP_POLICY,
            LOG_MESSAGE_TIMESTAMP_TYPE, MESSAGE_MAX_BYTES, COMPRESSION_TYPE, SOCKET_REQUEST_MAX_BYTES,
            CONNECTIONS_MAX_IDLE_MS, NUM_NETWORK_THREADS, NUM_IO_THREADS, INFLIGHT_REQUESTS_PER_CONNECTION,
            SHUTDOWN_TIMEOUT_MS);

    /** Every broker key: the core keys above, then each module's keys (storage's come with the partition module). */
    public static final ConfigDef DEF = ConfigDef.of("broker", allKeys());

    private static List<ConfigKey<?>> allKeys() {
        List<ConfigKey<?>> keys = new ArrayList<>(CORE_KEYS);
        for (BrokerModule module : BrokerModules.all()) {
            keys.addAll(module.configKeys());
        }
        return keys;
    }

    private final Config config;

    private BrokerConfig(Config config) {
        this.config = config;
    }

    /** Parses user text; an unknown key or bad value throws ConfigException naming the key. */
    public static BrokerConfig parse(Map<String, String> raw) {
        BrokerConfig parsed = new BrokerConfig(DEF.parse(raw));
        parsed.listeners();
        parsed.advertisedListeners();
        return parsed;
    }

    public Config config() {
        return config;
    }

    public <T> T get(ConfigKey<T> key) {
        return config.get(key);
    }

    public List<Listener> listeners() {
        return config.get(LISTENERS).stream().map(t -> Listener.parse(LISTENERS.name(), t)).toList();
    }

    /** The advertised endpoints; empty means "advertise what was bound". */
    public List<Listener> advertisedListeners() {
        return config.get(ADVERTISED_LISTENERS).stream()
                .map(t -> Listener.parse(ADVERTISED_LISTENERS.name(), t)).toList();
    }

    public Path logDir() {
        return Path.of(config.get(LOG_DIRS).get(0));
    }

    public int nodeId() {
        return config.get(NODE_ID);
    }

    /** Effective default retention: log.retention.ms, else minutes, else hours (Kafka's precedence). */
    public long retentionMs() {
        if (config.isExplicit(LOG_RETENTION_MS)) {
            return config.get(LOG_RETENTION_MS);
        }
        if (config.isExplicit(LOG_RETENTION_MINUTES)) {
            int minutes = config.get(LOG_RETENTION_MINUTES);
            return minutes < 0 ? -1 : minutes * 60_000L;
        }
        if (config.isExplicit(LOG_RETENTION_HOURS)) {
            int hours = config.get(LOG_RETENTION_HOURS);
            return hours < 0 ? -1 : hours * 3_600_000L;
        }
        return config.get(LOG_RETENTION_MS);
    }

    /** Effective default segment.ms: log.roll.ms, else log.roll.hours. */
    public long rollMs() {
        if (!config.isExplicit(LOG_ROLL_MS) && config.isExplicit(LOG_ROLL_HOURS)) {
            return config.get(LOG_ROLL_HOURS) * 3_600_000L;
        }
        return config.get(LOG_ROLL_MS);
    }

    private static Validator<List<String>> listenerList() {
        return Validator.of(v -> !v.isEmpty() && v.stream().allMatch(BrokerConfig::looksLikeListener),
                "PLAINTEXT://host:port entries (the only protocol so far), e.g. PLAINTEXT://127.0.0.1:9092");
    }

    private static boolean looksLikeListener(String text) {
        try {
            Listener.parse("listeners", text);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
