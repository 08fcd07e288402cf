package io.runnel.broker.partition;

/** Sequence-number arithmetic of idempotent producers: sequences wrap from Integer.MAX_VALUE to 0. */
public final class ProducerSequences {
    private ProducerSequences() {
    }

    /** {@code sequence + increment}, wrapping past Integer.MAX_VALUE to 0. */
    public static int add(int sequence, int increment) {
        long sum = (long) sequence + increment;
        return (int) (sum > Integer.MAX_VALUE ? sum - Integer.MAX_VALUE - 1 : sum);
    }

    /** True when {@code next} directly follows {@code last}. */
    public static boolean follows(int last, int next) {
        return next == add(last, 1);
    }
}
