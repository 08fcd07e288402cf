package io.runnel.broker.partition;

import io.runnel.storage.LogClosedException;
import io.runnel.storage.StorageException;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where exceptions of the partition layer and storage become Kafka error codes (the protocol edge).
 * Client-caused conditions are Kafka's typed exceptions already; storage failures become KAFKA_STORAGE_ERROR; a
 * partition closed under an in-flight request (topic deleted) becomes NOT_LEADER_OR_FOLLOWER, which makes clients
 * refresh metadata; anything else is a bug: logged once with the operation and answered UNKNOWN_SERVER_ERROR.
 */
public final class PartitionErrors {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionErrors.class);

    private PartitionErrors() {
    }

    public static Errors toError(Throwable t, String operation) {
        Throwable e = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (e instanceof ApiException) {
            return Errors.forException(e);
        }
        if (e instanceof io.runnel.storage.OffsetOutOfRangeException) {
            return Errors.OFFSET_OUT_OF_RANGE;
        }
        if (e instanceof LogClosedException) {
            return Errors.NOT_LEADER_OR_FOLLOWER;
        }
        if (e instanceof StorageException) {
            return Errors.KAFKA_STORAGE_ERROR;
        }
        LOG.error("Unexpected failure during {}", operation, e);
        return Errors.UNKNOWN_SERVER_ERROR;
    }

    /** The message to put in responses that carry one: the exception's own for client errors, else null. */
    public static String messageOf(Throwable t) {
        Throwable e = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        return e instanceof ApiException || e instanceof StorageException ? e.getMessage() : null;
    }
}
