package io.runnel.streams;

import io.runnel.common.Verify;
import io.runnel.streams.internals.NodeDef;
import io.runnel.streams.internals.SinkNode;
import io.runnel.streams.internals.SourceDef;
import io.runnel.streams.internals.SourceNode;
import io.runnel.streams.internals.StatelessNodes;
import io.runnel.streams.internals.StoreDef;
import io.runnel.streams.internals.StreamStreamJoinNode;
import io.runnel.streams.internals.StreamTableJoinNode;
import io.runnel.streams.serde.Serde;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * An unbounded stream of keyed records, each with a time. Operators return new streams; nothing runs until the
 * pipeline is built and started. A stream knows its serdes when they can be inferred; operators that write bytes
 * (sinks, repartitioning, state) need them, given explicitly or through {@link #withSerdes}.
 */
public final class Stream<K, V> {
    final PipelineBuilder builder;
    final NodeDef node;
    final Serde<K> keySerde;
    final Serde<V> valueSerde;

    Stream(PipelineBuilder builder, NodeDef node, Serde<K> keySerde, Serde<V> valueSerde) {
        this.builder = builder;
        this.node = node;
        this.keySerde = keySerde;
        this.valueSerde = valueSerde;
    }

    private <K2, V2> Stream<K2, V2> next(String prefix, java.util.function.Supplier<io.runnel.streams.internals.Node> f,
                                         Serde<K2> ks, Serde<V2> vs) {
        return new Stream<>(builder, builder.graph.add(builder.graph.name(prefix), f, node), ks, vs);
    }

    /** Declares the serdes of this stream's keys and values. */
    public Stream<K, V> withSerdes(Serde<K> keys, Serde<V> values) {
        return new Stream<>(builder, node, keys, values);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public <K2, V2> Stream<K2, V2> map(BiFunction<? super K, ? super V, KeyValue<K2, V2>> fn) {
        BiFunction raw = fn;
        return next("map", () -> new StatelessNodes.Map(raw), null, null);
    }

    public <K2, V2> Stream<K2, V2> map(BiFunction<? super K, ? super V, KeyValue<K2, V2>> fn,
                                       Serde<K2> keys, Serde<V2> values) {
        return this.<K2, V2>map(fn).withSerdes(keys, values);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public <V2> Stream<K, V2> mapValues(Function<? super V, V2> fn) {
        Function raw = fn;
        return next("map-values", () -> new StatelessNodes.MapValues((k, v) -> raw.apply(v)), keySerde, null);
    }

    public <V2> Stream<K, V2> mapValues(Function<? super V, V2> fn, Serde<V2> values) {
        return this.<V2>mapValues(fn).withSerdes(keySerde, values);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public Stream<K, V> filter(BiPredicate<? super K, ? super V> predicate) {
        BiPredicate raw = predicate;
        return next("filter", () -> new StatelessNodes.Filter(raw), keySerde, valueSerde);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public <K2, V2> Stream<K2, V2> flatMap(BiFunction<? super K, ? super V, ? extends Iterable<KeyValue<K2, V2>>> fn) {
        BiFunction raw = fn;
        return next("flat-map", () -> new StatelessNodes.FlatMap(raw), null, null);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public <V2> Stream<K, V2> flatMapValues(Function<? super V, ? extends Iterable<V2>> fn) {
        Function raw = fn;
        return next("flat-map-values", () -> new StatelessNodes.FlatMap((k, v) -> {
            List<KeyValue<?, ?>> out = new ArrayList<>();
            for (Object v2 : (Iterable<?>) raw.apply(v)) {
                out.add(KeyValue.of(k, v2));
            }
            return out;
        }), keySerde, null);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public Stream<K, V> peek(BiConsumer<? super K, ? super V> action) {
        BiConsumer raw = action;
        return next("peek", () -> new StatelessNodes.Peek(raw), keySerde, valueSerde);
    }

    /** Routes each record to the first branch whose predicate matches (others: dropped); one stream per predicate. */
    @SafeVarargs
    @SuppressWarnings({"unchecked", "rawtypes"})
    public final List<Stream<K, V>> split(BiPredicate<? super K, ? super V>... predicates) {
        List<BiPredicate<Object, Object>> raw = new ArrayList<>();
        for (BiPredicate p : predicates) {
            raw.add(p);
        }
        NodeDef branch = builder.graph.add(builder.graph.name("split"), () -> new StatelessNodes.Branch(raw), node);
        List<Stream<K, V>> out = new ArrayList<>();
        for (int i = 0; i < predicates.length; i++) {
            NodeDef b = builder.graph.add(builder.graph.name("branch"), StatelessNodes.Pass::new, branch);
            out.add(new Stream<>(builder, b, keySerde, valueSerde));
        }
        return out;
    }

    /** Both streams' records, interleaved as they arrive. */
    public Stream<K, V> merge(Stream<K, V> other) {
        NodeDef m = builder.graph.add(builder.graph.name("merge"), StatelessNodes.Pass::new, node, other.node);
        return new Stream<>(builder, m, keySerde, valueSerde);
    }

    /** Writes to {@code topic} with this stream's serdes. */
    public void to(String topic) {
        to(topic, requireKeySerde(), requireValueSerde());
    }

    public void to(String topic, Serde<K> keys, Serde<V> values) {
        builder.graph.addSink(builder.graph.name("sink-" + topic), topic, false,
                () -> new SinkNode(topic, keys, values, false), node);
    }

    /**
     * Re-keys the stream and repartitions it through an internal topic so that all records of a key reach the same
     * task; watermarks travel through the topic as markers. Needs the value serde.
     */
    public <K2> KeyedStream<K2, V> keyBy(Function<? super V, K2> keyFn, Serde<K2> newKeySerde) {
        return keyBy((k, v) -> keyFn.apply(v), newKeySerde);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public <K2> KeyedStream<K2, V> keyBy(BiFunction<? super K, ? super V, K2> keyFn, Serde<K2> newKeySerde) {
        Serde<V> values = requireValueSerde();
        BiFunction raw = keyFn;
        String name = builder.graph.name("key-by");
        NodeDef rekey = builder.graph.add(name, () -> new StatelessNodes.Map((k, v) -> KeyValue.of(raw.apply(k, v), v)),
                node);
        String topic = builder.applicationId() + "-" + name + "-repartition";
        builder.graph.addSink(name + "-sink", topic, true, () -> new SinkNode(topic, newKeySerde, values, true), rekey);
        SourceDef def = new SourceDef(topic, newKeySerde, values, TimeMode.EVENT_TIME, null, 0,
                SourceDef.Kind.REPARTITION, null);
        NodeDef source = builder.graph.addSource(name + "-source", def, () -> new SourceNode(def));
        return new KeyedStream<>(builder, source, newKeySerde, values);
    }

    /** Groups by the current key without repartitioning: the input must already be partitioned by this key. */
    public KeyedStream<K, V> groupByKey() {
        return new KeyedStream<>(builder, node, requireKeySerde(), valueSerde);
    }

    /** Stream-table inner join: each record looks up the table's current value for its key; no match, no output. */
    public <VT, R> Stream<K, R> join(Table<K, VT> table, BiFunction<? super V, ? super VT, R> joiner) {
        return tableJoin(table, joiner, false);
    }

    /** Stream-table left join: the joiner gets null when the table has no value for the key. */
    public <VT, R> Stream<K, R> leftJoin(Table<K, VT> table, BiFunction<? super V, ? super VT, R> joiner) {
        return tableJoin(table, joiner, true);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private <VT, R> Stream<K, R> tableJoin(Table<K, VT> table, BiFunction<? super V, ? super VT, R> joiner,
                                           boolean left) {
        BiFunction raw = joiner;
        Serde<K> keys = table.keySerde;
        String name = builder.graph.name(left ? "left-join-table" : "join-table");
        NodeDef j = builder.graph.add(name,
                () -> new StreamTableJoinNode(table.storeName, keys, table.valueSerde, raw, left), node);
        builder.graph.addStore(j, new StoreDef(table.storeName, table.node.source().topic()));
        return new Stream<>(builder, j, keySerde, null);
    }

    /**
     * Windowed stream-stream inner join on equal keys: pairs with {@code tl - before <= tr <= tl + after}, emitted as
     * soon as both sides arrived, with time max(tl, tr). Both topics must be co-partitioned; both streams need
     * serdes.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <V2, R> Stream<K, R> join(Stream<K, V2> other, BiFunction<? super V, ? super V2, R> joiner,
                                     JoinWindows windows) {
        BiFunction raw = joiner;
        Serde<K> keys = requireKeySerde();
        Serde<V> leftValues = requireValueSerde();
        Serde<V2> rightValues = other.requireValueSerde();
        String name = builder.graph.name("join");
        String leftStore = name + "-left-store";
        String rightStore = name + "-right-store";
        NodeDef l = builder.graph.add(name + "-left", () -> new StreamStreamJoinNode(true, leftStore, rightStore,
                keys, leftValues, rightValues, windows, raw), node);
        NodeDef r = builder.graph.add(name + "-right", () -> new StreamStreamJoinNode(false, rightStore, leftStore,
                keys, rightValues, leftValues, windows, raw), other.node);
        for (NodeDef side : List.of(l, r)) {
            builder.graph.addStore(side, new StoreDef(leftStore, null, StoreDef.Layout.SEGMENTED,
                    StreamStreamJoinNode.retentionMs(windows)));
            builder.graph.addStore(side, new StoreDef(rightStore, null, StoreDef.Layout.SEGMENTED,
                    StreamStreamJoinNode.retentionMs(windows)));
        }
        NodeDef out = builder.graph.add(name + "-out", StatelessNodes.Pass::new, l, r);
        return new Stream<>(builder, out, keys, null);
    }

    Serde<K> requireKeySerde() {
        Verify.that(keySerde != null, "the key serde of %s is unknown: call withSerdes(...) first", node.name());
        return keySerde;
    }

    Serde<V> requireValueSerde() {
        Verify.that(valueSerde != null, "the value serde of %s is unknown: call withSerdes(...) first", node.name());
        return valueSerde;
    }
}
