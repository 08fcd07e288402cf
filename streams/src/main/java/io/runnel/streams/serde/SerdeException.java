package io.runnel.streams.serde;

/** Bytes that a serde cannot read, or a value it cannot write. Carries the cause. */
public final class SerdeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SerdeException(String message, Throwable cause) {
        super(message, cause);
    }
}
