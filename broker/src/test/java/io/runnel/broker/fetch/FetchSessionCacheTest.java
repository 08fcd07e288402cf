package io.runnel.broker.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runnel.broker.delay.ManualTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.FetchSessionIdNotFoundException;
import org.apache.kafka.common.errors.InvalidFetchSessionEpochException;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.requests.FetchMetadata;
import org.apache.kafka.common.requests.FetchRequest;
import org.junit.jupiter.api.Test;

class FetchSessionCacheTest {
    private final ManualTime time = new ManualTime();
    private final Uuid topicId = Uuid.randomUuid();
    private final TopicIdPartition p0 = new TopicIdPartition(topicId, 0, "t");
    private final TopicIdPartition p1 = new TopicIdPartition(topicId, 1, "t");

    private static FetchRequest.PartitionData at(long offset) {
        return new FetchRequest.PartitionData(Uuid.ZERO_UUID, offset, -1, 1 << 20, Optional.empty());
    }

    private static FetchResponseData.PartitionData result(int partition, long hw, boolean withRecords) {
        FetchResponseData.PartitionData d = new FetchResponseData.PartitionData().setPartitionIndex(partition)
                .setHighWatermark(hw).setLastStableOffset(hw).setLogStartOffset(0);
        d.setRecords(withRecords ? MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("v".getBytes()))
                : MemoryRecords.EMPTY);
        return d;
    }

    private FetchContext.Result fullFetchCreatingSession(FetchSessionCache cache) {
        FetchContext ctx = cache.newContext(FetchMetadata.INITIAL, Map.of(p0, at(0), p1, at(0)), List.of());
        assertThat(ctx.partitionsToFetch()).containsOnlyKeys(p0, p1);
        LinkedHashMap<TopicIdPartition, FetchResponseData.PartitionData> results = new LinkedHashMap<>();
        results.put(p0, result(0, 10, true));
        results.put(p1, result(1, 5, true));
        return ctx.finish(results);
    }

    @Test
    void shouldCreateSessionOnInitialFullFetchAndAnswerOnlyChangesIncrementally() {
        FetchSessionCache cache = new FetchSessionCache(10, time);
        FetchContext.Result full = fullFetchCreatingSession(cache);
        assertThat(full.sessionId()).isPositive();
        assertThat(full.partitions()).containsOnlyKeys(p0, p1);

        // Incremental: only p0 moved its fetch offset; nothing new anywhere.
        FetchContext inc = cache.newContext(new FetchMetadata(full.sessionId(), 1), Map.of(p0, at(10)), List.of());
        assertThat(inc.partitionsToFetch()).containsOnlyKeys(p0, p1);
        assertThat(inc.partitionsToFetch().get(p0).fetchOffset).isEqualTo(10);
        LinkedHashMap<TopicIdPartition, FetchResponseData.PartitionData> results = new LinkedHashMap<>();
        results.put(p0, result(0, 10, false));
        results.put(p1, result(1, 7, false)); // high watermark moved: must be reported
        FetchContext.Result r = inc.finish(results);

        assertThat(r.sessionId()).isEqualTo(full.sessionId());
        assertThat(r.partitions()).containsOnlyKeys(p1);
    }

    @Test
    void shouldRejectWrongEpochAndUnknownSession() {
        FetchSessionCache cache = new FetchSessionCache(10, time);
        int id = fullFetchCreatingSession(cache).sessionId();

        assertThatThrownBy(() -> cache.newContext(new FetchMetadata(id, 2), Map.of(), List.of()))
                .isInstanceOf(InvalidFetchSessionEpochException.class);
        assertThatThrownBy(() -> cache.newContext(new FetchMetadata(id + 1, 1), Map.of(), List.of()))
                .isInstanceOf(FetchSessionIdNotFoundException.class);
    }

    @Test
    void shouldRemoveForgottenPartitions() {
        FetchSessionCache cache = new FetchSessionCache(10, time);
        int id = fullFetchCreatingSession(cache).sessionId();
        FetchContext inc = cache.newContext(new FetchMetadata(id, 1), Map.of(), List.of(p1));
        assertThat(inc.partitionsToFetch()).containsOnlyKeys(p0);
    }

    @Test
    void shouldNotCreateSessionForSessionlessFetch() {
        FetchSessionCache cache = new FetchSessionCache(10, time);
        FetchContext ctx = cache.newContext(FetchMetadata.LEGACY, Map.of(p0, at(0)), List.of());
        LinkedHashMap<TopicIdPartition, FetchResponseData.PartitionData> results = new LinkedHashMap<>();
        results.put(p0, result(0, 0, false));
        assertThat(ctx.finish(results).sessionId()).isZero();
        assertThat(cache.size()).isZero();
    }

    @Test
    void shouldEvictLeastRecentlyUsedWhenFull() {
        FetchSessionCache cache = new FetchSessionCache(2, time);
        int a = fullFetchCreatingSession(cache).sessionId();
        int b = fullFetchCreatingSession(cache).sessionId();
        cache.newContext(new FetchMetadata(a, 1), Map.of(), List.of()); // a used more recently than b
        int c = fullFetchCreatingSession(cache).sessionId();

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.evictions()).isEqualTo(1);
        assertThatThrownBy(() -> cache.newContext(new FetchMetadata(b, 1), Map.of(), List.of()))
                .isInstanceOf(FetchSessionIdNotFoundException.class);
        assertThat(cache.newContext(new FetchMetadata(c, 1), Map.of(), List.of()).partitionsToFetch()).hasSize(2);
    }

    @Test
    void shouldCloseSessionOnFinalEpoch() {
        FetchSessionCache cache = new FetchSessionCache(10, time);
        int id = fullFetchCreatingSession(cache).sessionId();
        cache.newContext(new FetchMetadata(id, FetchMetadata.FINAL_EPOCH), Map.of(p0, at(0)), List.of());
        assertThat(cache.size()).isZero();
    }
}
