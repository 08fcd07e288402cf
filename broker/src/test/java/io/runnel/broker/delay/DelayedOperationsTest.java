package io.runnel.broker.delay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DelayedOperationsTest {
    private final ManualTime time = new ManualTime();
    private final TimerWheel wheel = new TimerWheel(time, 1, 64);
    private final DelayedOperations<String> ops = new DelayedOperations<>(wheel);
    private final List<String> outcomes = new ArrayList<>();

    /** Completes once the watched counter reaches a target. */
    private final class WaitFor extends DelayedOperation {
        private final AtomicLong counter;
        private final long target;
        private final String name;

        WaitFor(String name, AtomicLong counter, long target, long delayMs) {
            super(delayMs);
            this.name = name;
            this.counter = counter;
            this.target = target;
        }

        @Override
        public boolean tryComplete() {
            return counter.get() >= target && forceComplete();
        }

        @Override
        protected void onComplete() {
            outcomes.add(name + (isExpired() ? ":expired" : ":done"));
        }
    }

    @Test
    void shouldCompleteImmediatelyWhenConditionAlreadyHolds() {
        AtomicLong c = new AtomicLong(5);
        assertThat(ops.tryCompleteElseWatch(new WaitFor("a", c, 5, 100), List.of("k"))).isTrue();
        assertThat(outcomes).containsExactly("a:done");
        assertThat(wheel.size()).isZero();
    }

    @Test
    void shouldCompleteEarlyOnEvent() {
        AtomicLong c = new AtomicLong();
        WaitFor op = new WaitFor("a", c, 1, 100);
        assertThat(ops.tryCompleteElseWatch(op, List.of("k"))).isFalse();

        c.set(1);
        assertThat(ops.checkAndComplete("other")).isZero();
        assertThat(ops.checkAndComplete("k")).isEqualTo(1);

        assertThat(outcomes).containsExactly("a:done");
        time.sleep(200);
        wheel.advance();
        assertThat(outcomes).containsExactly("a:done"); // the deadline does not complete it again
    }

    @Test
    void shouldExpireWhenNoEventArrives() {
        AtomicLong c = new AtomicLong();
        ops.tryCompleteElseWatch(new WaitFor("a", c, 1, 50), List.of("k"));
        time.sleep(49);
        wheel.advance();
        assertThat(outcomes).isEmpty();
        time.sleep(1);
        wheel.advance();
        assertThat(outcomes).containsExactly("a:expired");
        assertThat(ops.checkAndComplete("k")).isZero();
        assertThat(ops.watched()).isZero();
    }

    @Test
    void shouldCompleteOnceWhenWatchingSeveralKeys() {
        AtomicLong c = new AtomicLong();
        WaitFor op = new WaitFor("a", c, 1, 100);
        ops.tryCompleteElseWatch(op, List.of("k1", "k2"));
        c.set(1);
        ops.checkAndComplete("k1");
        ops.checkAndComplete("k2");
        assertThat(outcomes).containsExactly("a:done");
        ops.purgeCompleted();
        assertThat(ops.watched()).isZero();
    }
}
