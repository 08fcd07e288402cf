package io.runnel.streams;

import io.runnel.streams.serde.Serde;

/**
 * An aggregate function: an accumulator that starts at {@link #init()}, absorbs values with {@link #add}, merges
 * with another accumulator (session windows merge) and yields a result. Accumulators are stored in state stores
 * through {@link #accumulatorSerde()}, so they survive restarts. Implementations are stateless.
 *
 * @param <V> input value type
 * @param <A> accumulator type
 * @param <R> result type
 */
public interface Aggregation<V, A, R> {
    A init();

    A add(A accumulator, V value);

    /** Combines two accumulators; needed by session windows. */
    default A merge(A left, A right) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot merge accumulators");
    }

    R result(A accumulator);

    Serde<A> accumulatorSerde();
}
