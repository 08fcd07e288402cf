package io.runnel.streams.serde;

/**
 * Where a source's in-place read ({@link Serde#deserialize(byte[], int, int, ExactRead)}) says whether the value
 * writes back as exactly the bytes it was read from. One per source; used by one thread.
 */
public final class ExactRead {
    private boolean exact;

    /** Whether {@code serialize} of the last value read gives back exactly the bytes it was read from. */
    public boolean exact() {
        return exact;
    }

    public void exact(boolean exact) {
        this.exact = exact;
    }
}
