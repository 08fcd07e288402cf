package io.runnel.common.config;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Checks a parsed value. {@link #describe()} tells the user what is accepted and goes into both the error message
 * and the generated configuration reference.
 */
public interface Validator<T> {

    /** Throws {@link ConfigException} naming {@code key} when {@code value} is not acceptable. */
    void throwIfInvalid(String key, T value);

    String describe();

    static <T> Validator<T> any() {
        return of(v -> true, "any value");
    }

    static <T> Validator<T> of(Predicate<T> ok, String accepted) {
        return new Validator<>() {
            @Override
            public void throwIfInvalid(String key, T value) {
                if (!ok.test(value)) {
                    throw ConfigException.invalid(key, value, "must be " + accepted);
                }
            }

            @Override
            public String describe() {
                return accepted;
            }
        };
    }

    static Validator<Integer> atLeast(int min) {
        return of(v -> v >= min, ">= " + min);
    }

    static Validator<Long> atLeast(long min) {
        return of(v -> v >= min, ">= " + min);
    }

    static Validator<Integer> between(int min, int max) {
        return of(v -> v >= min && v <= max, "in [" + min + ", " + max + "]");
    }

    static Validator<Long> between(long min, long max) {
        return of(v -> v >= min && v <= max, "in [" + min + ", " + max + "]");
    }

    static Validator<Double> between(double min, double max) {
        return of(v -> v >= min && v <= max, "in [" + min + ", " + max + "]");
    }

    static Validator<String> oneOf(String... allowed) {
        Set<String> set = Set.of(allowed);
        return of(set::contains, "one of " + String.join(", ", allowed));
    }

    static Validator<String> nonEmpty() {
        return of(v -> !v.isEmpty(), "a non-empty string");
    }

    /** Every element of the list must be one of {@code allowed}; the list must not be empty. */
    static Validator<List<String>> subsetOf(String... allowed) {
        Set<String> set = Set.of(allowed);
        return of(v -> !v.isEmpty() && set.containsAll(v), "a non-empty list of " + String.join(", ", allowed));
    }
}
