package io.runnel.streams.runtime;

/** A worker cannot run the pipeline (topics missing or mis-partitioned, a send failed, a task failed). */
public final class StreamsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StreamsException(String message) {
        super(message);
    }

    public StreamsException(String message, Throwable cause) {
        super(message, cause);
    }
}
