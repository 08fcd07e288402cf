package io.runnel.streams.state;

/** A state store operation failed (RocksDB error); the task stops and is restored from its changelog. */
public final class StateStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StateStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
