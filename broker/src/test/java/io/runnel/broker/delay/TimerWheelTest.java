package io.runnel.broker.delay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.runnel.common.Time;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class TimerWheelTest {
    private final ManualTime time = new ManualTime();

    @Test
    void shouldRunTaskOnlyOnceItsDeadlinePassed() {
        TimerWheel wheel = new TimerWheel(time, 1, 8);
        List<String> ran = new ArrayList<>();
        wheel.schedule(5, () -> ran.add("a"));

        time.sleep(4);
        wheel.advance();
        assertThat(ran).isEmpty();

        time.sleep(1);
        wheel.advance();
        assertThat(ran).containsExactly("a");
        assertThat(wheel.size()).isZero();
    }

    @Test
    void shouldHandleDelaysLongerThanOneRevolution() {
        TimerWheel wheel = new TimerWheel(time, 10, 4); // one revolution = 40 ms
        List<Long> ran = new ArrayList<>();
        long start = wheel.nowMs();
        wheel.schedule(95, () -> ran.add(wheel.nowMs() - start));

        for (int i = 0; i < 9; i++) {
            time.sleep(10);
            wheel.advance();
        }
        assertThat(ran).isEmpty();
        time.sleep(10);
        wheel.advance();
        assertThat(ran).containsExactly(100L);
    }

    @Test
    void shouldNotRunCancelledTask() {
        TimerWheel wheel = new TimerWheel(time, 1, 8);
        List<String> ran = new ArrayList<>();
        TimerTask task = wheel.schedule(3, () -> ran.add("x"));

        assertThat(task.cancel()).isTrue();
        time.sleep(10);
        wheel.advance();

        assertThat(ran).isEmpty();
        assertThat(task.isCancelled()).isTrue();
        assertThat(wheel.size()).isZero();
    }

    @Test
    void shouldRunZeroDelayOnNextAdvance() {
        TimerWheel wheel = new TimerWheel(time, 1, 8);
        List<String> ran = new ArrayList<>();
        wheel.schedule(0, () -> ran.add("now"));
        wheel.advance();
        assertThat(ran).containsExactly("now");
    }

    @Test
    void shouldKeepRunningOtherTasksWhenOneThrows() {
        TimerWheel wheel = new TimerWheel(time, 1, 8);
        List<String> ran = new ArrayList<>();
        wheel.schedule(1, () -> {
            throw new IllegalStateException("boom");
        });
        wheel.schedule(1, () -> ran.add("ok"));
        time.sleep(1);
        wheel.advance();
        assertThat(ran).containsExactly("ok");
    }

    @Test
    void shouldExpireOnItsOwnThreadWithRealClock() throws Exception {
        try (TimerWheel wheel = TimerWheel.createDefault(Time.SYSTEM)) {
            wheel.start("test-timer");
            CountDownLatch done = new CountDownLatch(1);
            List<String> threads = new CopyOnWriteArrayList<>();
            wheel.schedule(20, () -> {
                threads.add(Thread.currentThread().getName());
                done.countDown();
            });
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(threads).containsExactly("test-timer");
            await().atMost(Duration.ofSeconds(5)).until(() -> wheel.size() == 0);
        }
    }

    /** Against a model: a task runs exactly when the clock passes its deadline, cancelled ones never. */
    @Property(tries = 200)
    void shouldMatchModel(@ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 300) Integer> delays,
                          @ForAll @IntRange(min = 1, max = 7) int tickMs,
                          @ForAll @IntRange(min = 1, max = 50) int stepMs) {
        ManualTime t = new ManualTime();
        TimerWheel wheel = new TimerWheel(t, tickMs, 8);
        long start = wheel.nowMs();
        long[] ranAt = new long[delays.size()];
        List<TimerTask> tasks = new ArrayList<>();
        for (int i = 0; i < delays.size(); i++) {
            int idx = i;
            ranAt[i] = -1;
            tasks.add(wheel.schedule(delays.get(i), () -> ranAt[idx] = wheel.nowMs() - start));
        }
        for (int i = 0; i < delays.size(); i += 3) {
            tasks.get(i).cancel();
        }
        for (long elapsed = 0; elapsed <= 300 + 2L * stepMs + tickMs; elapsed += stepMs) {
            wheel.advance();
            for (int i = 0; i < delays.size(); i++) {
                long due = delays.get(i);
                if (i % 3 == 0) {
                    assertThat(ranAt[i]).isEqualTo(-1);
                } else if (ranAt[i] >= 0) {
                    assertThat(ranAt[i]).isGreaterThanOrEqualTo(due);
                    // Never more than one tick plus one step late.
                    assertThat(ranAt[i]).isLessThanOrEqualTo(due + tickMs + stepMs);
                } else {
                    // Not run yet: the wheel has not reached the (rounded-up) tick of the deadline.
                    long deadlineTick = (start + due + tickMs - 1) / tickMs;
                    assertThat(wheel.nowMs() / tickMs).isLessThan(deadlineTick);
                }
            }
            t.sleep(stepMs);
        }
        assertThat(wheel.size()).isZero();
    }
}
