package io.runnel.streams;

/** The result (and accumulator) of {@link Aggregations#avg}: how many values and their sum. */
public record Average(long count, double sum) {
    public double avg() {
        return count == 0 ? Double.NaN : sum / count;
    }
}
