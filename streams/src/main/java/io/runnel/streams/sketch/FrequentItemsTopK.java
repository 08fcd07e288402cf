package io.runnel.streams.sketch;

import io.runnel.streams.Aggregation;
import io.runnel.streams.serde.Serde;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.memory.Memory;

/**
 * Top-k most frequent values of a field with a frequent-items sketch of {@code maxMapSize} counters (a power of two;
 * each estimate is off by at most about {@code 3.5 * total / maxMapSize}). Items are the field's string form.
 * Stateless: the sketch is the accumulator.
 */
final class FrequentItemsTopK<V> implements Aggregation<V, ItemsSketch<String>, TopK> {
    private static final ArrayOfStringsSerDe STRINGS = new ArrayOfStringsSerDe();

    private final Function<? super V, ?> field;
    private final int k;
    private final int maxMapSize;
    private final Serde<ItemsSketch<String>> serde = Serde.of(s -> s.toByteArray(STRINGS),
            b -> ItemsSketch.getInstance(Memory.wrap(b), STRINGS));

    FrequentItemsTopK(Function<? super V, ?> field, int k, int maxMapSize) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, was " + k);
        }
        if (Integer.bitCount(maxMapSize) != 1 || maxMapSize < 8) {
            throw new IllegalArgumentException("maxMapSize must be a power of two >= 8, was " + maxMapSize);
        }
        this.field = field;
        this.k = k;
        this.maxMapSize = maxMapSize;
    }

    /** The default map size: at least 64 counters and 16 per requested item. */
    static int defaultMapSize(int k) {
        return Integer.highestOneBit(Math.max(64, k * 16) - 1) << 1;
    }

    @Override
    public ItemsSketch<String> init() {
        return new ItemsSketch<>(maxMapSize);
    }

    @Override
    public ItemsSketch<String> add(ItemsSketch<String> sketch, V value) {
        Object item = field.apply(value);
        if (item != null) {
            sketch.update(item.toString());
        }
        return sketch;
    }

    @Override
    public ItemsSketch<String> merge(ItemsSketch<String> left, ItemsSketch<String> right) {
        return left.merge(right);
    }

    @Override
    public TopK result(ItemsSketch<String> sketch) {
        List<TopK.ItemCount> items = new ArrayList<>(k);
        for (ItemsSketch.Row<String> row : sketch.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES)) {
            if (items.size() == k) {
                break;
            }
            items.add(new TopK.ItemCount(row.getItem(), row.getEstimate(), row.getLowerBound(),
                    row.getUpperBound()));
        }
        return new TopK(items, sketch.getStreamLength(), sketch.getMaximumError());
    }

    @Override
    public Serde<ItemsSketch<String>> accumulatorSerde() {
        return serde;
    }
}
