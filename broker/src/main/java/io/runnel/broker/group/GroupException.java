package io.runnel.broker.group;

import org.apache.kafka.common.protocol.Errors;

/**
 * A client-caused condition inside the coordinator (unknown member, stale generation...). Carries the Kafka error
 * the protocol edge answers with; never a bug (bugs are {@code Verify} failures).
 */
public final class GroupException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Errors error;

    public GroupException(Errors error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    public GroupException(Errors error) {
        this(error, error.message());
    }

    public Errors error() {
        return error;
    }
}
