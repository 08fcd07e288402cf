package io.runnel.streams.internals;

import io.runnel.streams.KeyValue;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.List;

/** The stateless operators. Each instance is owned by its task's thread. */
public final class StatelessNodes {
    private StatelessNodes() {
    }

    /** Forwards unchanged: merge points and branch outputs. */
    public static final class Pass extends Node {
        @Override
        public void process(Object key, Object value, long timestampMs) {
            forward(key, value, timestampMs);
        }
    }

    public static final class Map extends Node {
        private final BiFunction<Object, Object, KeyValue<?, ?>> fn;

        public Map(BiFunction<Object, Object, KeyValue<?, ?>> fn) {
            this.fn = fn;
        }

        @Override
        public void process(Object key, Object value, long timestampMs) {
            KeyValue<?, ?> out = fn.apply(key, value);
            if (out != null) {
                forward(out.key(), out.value(), timestampMs);
            }
        }
    }

    public static final class MapValues extends Node {
        private final BiFunction<Object, Object, Object> fn;

        public MapValues(BiFunction<Object, Object, Object> fn) {
            this.fn = fn;
        }

        @Override
        public void process(Object key, Object value, long timestampMs) {
            forward(key, fn.apply(key, value), timestampMs);
        }
    }

    public static final class Filter extends Node {
        private final BiPredicate<Object, Object> predicate;

        public Filter(BiPredicate<Object, Object> predicate) {
            this.predicate = predicate;
        }

        @Override
        public void process(Object key, Object value, long timestampMs) {
            if (predicate.test(key, value)) {
                forward(key, value, timestampMs);
            }
        }
    }

    public static final class FlatMap extends Node {
        private final BiFunction<Object, Object, Iterable<? extends KeyValue<?, ?>>> fn;

        public FlatMap(BiFunction<Object, Object, Iterable<? extends KeyValue<?, ?>>> fn) {
            this.fn = fn;
        }

        @Override
        public void process(Object key, Object value, long timestampMs) {
            Iterable<? extends KeyValue<?, ?>> out = fn.apply(key, value);
            if (out != null) {
                for (KeyValue<?, ?> kv : out) {
                    forward(kv.key(), kv.value(), timestampMs);
                }
            }
        }
    }

    public static final class Peek extends Node {
        private final BiConsumer<Object, Object> action;

        public Peek(BiConsumer<Object, Object> action) {
            this.action = action;
        }

        @Override
        public void process(Object key, Object value, long timestampMs) {
            action.accept(key, value);
            forward(key, value, timestampMs);
        }
    }

    /** Sends each record to the first branch whose predicate matches; children[i] is branch i. */
    public static final class Branch extends Node {
        private final List<BiPredicate<Object, Object>> predicates;

        public Branch(List<BiPredicate<Object, Object>> predicates) {
            this.predicates = predicates;
        }

        @Override
        public void process(Object key, Object value, long timestampMs) {
            for (int i = 0; i < predicates.size(); i++) {
                if (predicates.get(i).test(key, value)) {
                    children[i].process(key, value, timestampMs);
                    return;
                }
            }
        }
    }
}
