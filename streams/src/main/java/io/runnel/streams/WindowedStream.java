package io.runnel.streams;

import io.runnel.streams.internals.NodeDef;
import io.runnel.streams.internals.SessionAggregateNode;
import io.runnel.streams.internals.SlidingAggregateNode;
import io.runnel.streams.internals.StoreDef;
import io.runnel.streams.internals.WindowAggregateNode;
import io.runnel.streams.internals.WindowOptions;
import java.time.Duration;
import java.util.function.BinaryOperator;
import java.util.function.ToDoubleFunction;

/**
 * A keyed stream cut into windows, waiting for an aggregation. Defaults: emit on close, no allowed lateness, late
 * records dropped (counted). Immutable; setters return copies.
 */
public final class WindowedStream<K, V> {
    private final KeyedStream<K, V> keyed;
    private final Windows windows;
    private final EmitMode emitMode;
    private final long allowedLatenessMs;
    private final String lateTopic;

    WindowedStream(KeyedStream<K, V> keyed, Windows windows, EmitMode emitMode, long allowedLatenessMs,
                   String lateTopic) {
        this.keyed = keyed;
        this.windows = windows;
        this.emitMode = emitMode;
        this.allowedLatenessMs = allowedLatenessMs;
        this.lateTopic = lateTopic;
    }

    public WindowedStream<K, V> emit(EmitMode mode) {
        return new WindowedStream<>(keyed, windows, mode, allowedLatenessMs, lateTopic);
    }

    /** How long after the watermark passed a window's end records are still added (and the result re-emitted). */
    public WindowedStream<K, V> allowedLateness(Duration lateness) {
        return new WindowedStream<>(keyed, windows, emitMode, lateness.toMillis(), lateTopic);
    }

    /** Records later than the allowed lateness go to {@code topic} (with the stream's serdes) instead of nowhere. */
    public WindowedStream<K, V> lateRecordsTo(String topic) {
        return new WindowedStream<>(keyed, windows, emitMode, allowedLatenessMs, topic);
    }

    public <A, R> Stream<Windowed<K>, R> aggregate(Aggregation<? super V, A, R> aggregation) {
        PipelineBuilder b = keyed.builder;
        String name = b.graph.name("window");
        WindowOptions options = new WindowOptions(name + "-store", emitMode, allowedLatenessMs, lateTopic,
                keyed.keySerde, keyed.valueSerde);
        if (lateTopic != null) {
            keyed.valueSerdeRequired();
        }
        NodeDef n;
        if (windows instanceof Windows.Hopping h) {
            n = b.graph.add(name, () -> new WindowAggregateNode(h, aggregation, options), keyed.node);
        } else if (windows instanceof Windows.Session s) {
            n = b.graph.add(name, () -> new SessionAggregateNode(s, aggregation, options), keyed.node);
        } else {
            keyed.valueSerdeRequired();
            n = b.graph.add(name, () -> new SlidingAggregateNode((Windows.Sliding) windows, aggregation, options),
                    keyed.node);
        }
        b.graph.addStore(n, new StoreDef(options.storeName(), null,
                windows instanceof Windows.Hopping ? StoreDef.Layout.PLAIN : StoreDef.Layout.KEYED_TIME, -1));
        if (lateTopic != null) {
            n.addOutputTopic(lateTopic);
        }
        return new Stream<>(b, n, null, null);
    }

    public Stream<Windowed<K>, Long> count() {
        return aggregate(Aggregations.<V>count());
    }

    public Stream<Windowed<K>, Double> sum(ToDoubleFunction<V> field) {
        return aggregate(Aggregations.sum(field));
    }

    public Stream<Windowed<K>, Double> min(ToDoubleFunction<V> field) {
        return aggregate(Aggregations.min(field));
    }

    public Stream<Windowed<K>, Double> max(ToDoubleFunction<V> field) {
        return aggregate(Aggregations.max(field));
    }

    public Stream<Windowed<K>, Average> avg(ToDoubleFunction<V> field) {
        return aggregate(Aggregations.avg(field));
    }

    public Stream<Windowed<K>, V> reduce(BinaryOperator<V> reducer) {
        return aggregate(Aggregations.reduce(reducer, keyed.valueSerdeRequired()));
    }

}
