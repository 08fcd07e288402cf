package io.runnel.broker.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OrderedExecutorTest {

    @Test
    void shouldRunTasksOfOneKeyInOrderAndOneAtATime() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            OrderedExecutor ordered = new OrderedExecutor(pool);
            Map<Integer, List<Integer>> seen = new ConcurrentHashMap<>();
            Map<Integer, AtomicInteger> running = new ConcurrentHashMap<>();
            AtomicInteger overlaps = new AtomicInteger();
            AtomicInteger done = new AtomicInteger();
            for (int i = 0; i < 2_000; i++) {
                int key = i % 5;
                int seq = i / 5;
                ordered.execute(key, () -> {
                    if (running.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() > 1) {
                        overlaps.incrementAndGet();
                    }
                    seen.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>())).add(seq);
                    running.get(key).decrementAndGet();
                    done.incrementAndGet();
                });
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> done.get() == 2_000);
            assertThat(overlaps.get()).isZero();
            for (List<Integer> s : seen.values()) {
                assertThat(s).isSorted().hasSize(400);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> ordered.activeLanes() == 0);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldReportAKeyIdleOnlyWhileNothingOfItIsQueuedOrRunning() {
        List<Runnable> submitted = new ArrayList<>();
        OrderedExecutor ordered = new OrderedExecutor(submitted::add);
        assertThat(ordered.isIdle("a")).isTrue();

        ordered.execute("a", () -> { });

        assertThat(ordered.isIdle("a")).isFalse();
        assertThat(ordered.isIdle("b")).isTrue();
        submitted.get(0).run();
        assertThat(ordered.isIdle("a")).isTrue();
    }
}
