package io.runnel.storage;

/**
 * An I/O failure in a log directory. The directory is offline from then on: every operation on its partitions
 * throws this, and the broker answers KAFKA_STORAGE_ERROR for them while other directories keep serving.
 */
public class StorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }
}
