package io.runnel.broker.group;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.common.Uuid;

/**
 * Drives a {@link GroupShard} like the runtime does, without threads or disk: a fake clock, a fixed topic view,
 * sequential member ids; every record produced goes through the binary format into {@link #log} (so replay tests
 * exercise encode/decode too), and deferred completions run right after each event ("durable at once").
 */
final class ShardHarness {
    final GroupCoordinatorConfig config;
    final FakeTopics topics = new FakeTopics();
    final List<byte[][]> log = new ArrayList<>();
    final AtomicLong ids = new AtomicLong();
    long nowMs = 1_000_000;
    GroupShard shard;

    ShardHarness(GroupCoordinatorConfig config) {
        this.config = config;
        this.shard = newShard();
        shard.onLoaded(nowMs);
    }

    private GroupShard newShard() {
        return new GroupShard(0, config, () -> "id" + ids.incrementAndGet(), () -> topics);
    }

    /** Runs one event on the shard thread and releases what it produced. */
    <T> T run(Supplier<T> event) {
        T out = event.get();
        flush();
        return out;
    }

    void flush() {
        CoordinatorResult r = shard.takeResult();
        for (GroupRecord rec : r.records()) {
            byte[] key = GroupRecordFormat.encodeKey(rec.key());
            byte[] value = GroupRecordFormat.encodeValue(rec.value());
            log.add(new byte[][] {key, value});
        }
        r.complete();
    }

    void advance(long ms) {
        nowMs += ms;
        shard.poll(nowMs);
        flush();
    }

    /** A fresh shard rebuilt only from the log. */
    GroupShard replayed() {
        GroupShard s = newShard();
        for (byte[][] rec : log) {
            s.replay(GroupRecordFormat.decode(ByteBuffer.wrap(rec[0]), rec[1] == null ? null : ByteBuffer.wrap(rec[1])));
        }
        return s;
    }

    /** Simulates a coordinator restart: the shard is rebuilt from its log. */
    void restart() {
        shard = replayed();
        shard.onLoaded(nowMs);
        flush();
    }

    static final class FakeTopics implements TopicsView {
        final Map<String, Uuid> ids = new TreeMap<>();
        final Map<String, Integer> partitions = new TreeMap<>();

        Uuid create(String name, int count) {
            Uuid id = new Uuid(name.hashCode(), 42);
            ids.put(name, id);
            partitions.put(name, count);
            return id;
        }

        @Override
        public Uuid topicId(String name) {
            return ids.get(name);
        }

        @Override
        public String topicName(Uuid topicId) {
            for (Map.Entry<String, Uuid> e : ids.entrySet()) {
                if (e.getValue().equals(topicId)) {
                    return e.getKey();
                }
            }
            return null;
        }

        @Override
        public int partitionCount(String name) {
            return partitions.getOrDefault(name, -1);
        }

        @Override
        public Iterable<String> topicNames() {
            return ids.keySet();
        }
    }
}
