package io.runnel.storage;

/** The partition log was deleted or its {@link LogManager} closed while the operation was pending. */
public final class LogClosedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LogClosedException(String message) {
        super(message);
    }
}
