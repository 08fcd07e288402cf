package io.runnel.streams.sketch;

import java.util.List;

/**
 * The result of a frequent-items sketch: up to k items, most frequent first. Each item's true count lies in
 * {@code [lowerBound, upperBound]}; {@code maxError} bounds every estimate's error, and every item whose true count
 * exceeds it is among the sketch's candidates. {@code total} is the number of items added.
 */
public record TopK(List<ItemCount> items, long total, long maxError) {
    public TopK {
        items = List.copyOf(items);
    }

    /** One frequent item with its estimated count and bounds. */
    public record ItemCount(String item, long estimate, long lowerBound, long upperBound) {
    }
}
