package io.runnel.common;

/**
 * Always-on invariant checks (never the {@code assert} keyword): a broken invariant throws
 * {@link InvariantViolation} so the caller fences the partition or stops instead of continuing corrupt.
 */
public final class Verify {
    private Verify() {
    }

    public static void that(boolean condition, String message) {
        if (!condition) {
            throw new InvariantViolation(message);
        }
    }

    public static void that(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new InvariantViolation(String.format(format, args));
        }
    }

    /** Thrown when an internal invariant does not hold: a bug or corruption, never a client error. */
    public static final class InvariantViolation extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        public InvariantViolation(String message) {
            super(message);
        }
    }
}
