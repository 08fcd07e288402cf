package io.runnel.bench;

import java.util.List;

/** Summary statistics the benchmark reports share. Stateless. */
public final class Stats {

    private Stats() {
    }

    /** The median (the mean of the middle two for an even count); null for none. */
    public static Double median(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
