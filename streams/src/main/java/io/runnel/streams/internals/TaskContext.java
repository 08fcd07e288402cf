package io.runnel.streams.internals;

import io.runnel.streams.ProcessingMode;
import io.runnel.streams.serde.Serde;
import io.runnel.streams.state.LoggedStore;

/** What a node sees of its task: identity, time, stores and the output collector. Task-thread owned. */
public interface TaskContext {
    String applicationId();

    /** The input partition this task owns. */
    int partition();

    /** The task's current watermark (Long.MIN_VALUE before any). */
    long watermark();

    /** Processing time from the injected clock. */
    long nowMs();

    ProcessingMode mode();

    LoggedStore store(String name);

    /**
     * The bytes of the record being ingested, if {@code value} is its value as {@code serde} read it and they write
     * back exactly (see {@code Serde.deserialize(byte[], int, int, ExactRead)}); else null. A sink writing a value
     * that passed through unchanged sends these instead of serializing it again.
     */
    byte[] sourceBytes(Object value, Serde<?> serde);

    /** Writes a record; the partition is chosen from the key bytes as the Kafka default partitioner does. */
    void send(String topic, byte[] key, byte[] value, long timestampMs);

    /** Writes a record into an internal repartition topic (tagged for duplicate suppression). */
    void sendRepartition(String topic, byte[] key, byte[] value, long timestampMs);

    /** Writes a watermark marker to every partition of an internal repartition topic. */
    void sendWatermark(String topic, long watermarkMs, boolean idle);

    /** Counts a record dropped or diverted for being later than the allowed lateness. */
    void onLateRecord();

    /** How often markers go out (0: every advance). */
    long watermarkIntervalMs();
}
