package io.runnel.storage;

/** A read or DeleteRecords named an offset outside [logStartOffset, logEndOffset]. Carries both bounds. */
public final class OffsetOutOfRangeException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long offset;
    private final long logStartOffset;
    private final long logEndOffset;

    public OffsetOutOfRangeException(String log, long offset, long logStartOffset, long logEndOffset) {
        super("Offset " + offset + " is out of range for " + log + " [" + logStartOffset + ", " + logEndOffset + "]");
        this.offset = offset;
        this.logStartOffset = logStartOffset;
        this.logEndOffset = logEndOffset;
    }

    public long offset() {
        return offset;
    }

    public long logStartOffset() {
        return logStartOffset;
    }

    public long logEndOffset() {
        return logEndOffset;
    }
}
