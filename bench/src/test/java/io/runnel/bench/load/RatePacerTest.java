package io.runnel.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class RatePacerTest {

    private static final long START_NS = 1_000_000_000L;

    @Test
    void shouldScheduleRecordsEvenlyFromTheStart() {
        RatePacer pacer = new RatePacer(20_000, START_NS);
        assertThat(pacer.dueNs(0)).isEqualTo(START_NS);
        assertThat(pacer.dueNs(1)).isEqualTo(START_NS + 50_000);
        assertThat(pacer.dueNs(20_000)).isEqualTo(START_NS + 1_000_000_000L);
    }

    @Test
    void shouldReleaseEverythingDueAfterAStallSoTheOfferedLoadIsKept() {
        RatePacer pacer = new RatePacer(1_000, START_NS);
        assertThat(pacer.dueCount(START_NS - 1)).isZero();
        assertThat(pacer.dueCount(START_NS)).isEqualTo(1);
        assertThat(pacer.dueCount(START_NS + 999_999)).isEqualTo(1);
        assertThat(pacer.dueCount(START_NS + 1_000_000)).isEqualTo(2);
        // A 250 ms stall: 250 more records are due at once (catch-up), not spread out.
        assertThat(pacer.dueCount(START_NS + 250_000_000)).isEqualTo(251);
    }

    @Test
    void shouldTellHowLongToParkUntilTheNextRecord() {
        RatePacer pacer = new RatePacer(1_000, START_NS);
        assertThat(pacer.waitNs(3, START_NS + 1_000_000)).isEqualTo(2_000_000);
        assertThat(pacer.waitNs(3, START_NS + 5_000_000)).isZero();
    }

    @Test
    void shouldMakeEveryRecordDueAtOnceWhenUnpaced() {
        RatePacer pacer = new RatePacer(0, START_NS);
        assertThat(pacer.dueCount(START_NS)).isEqualTo(Long.MAX_VALUE);
        assertThat(pacer.waitNs(1_000_000, START_NS)).isZero();
    }

    @Test
    void shouldRejectNegativeOrNonFiniteRates() {
        assertThatThrownBy(() -> new RatePacer(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RatePacer(Double.POSITIVE_INFINITY, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void dueCountAgreesWithDueTimes(@ForAll @DoubleRange(min = 0.5, max = 5_000_000) double rate,
                                    @ForAll @LongRange(min = 0, max = 100_000_000) long index) {
        RatePacer pacer = new RatePacer(rate, START_NS);
        long due = pacer.dueNs(index);
        assertThat(pacer.dueCount(due)).isGreaterThanOrEqualTo(index + 1);
        assertThat(pacer.dueNs(pacer.dueCount(due))).isGreaterThan(due);
        if (due > START_NS) {
            assertThat(pacer.dueCount(due - 1)).isLessThanOrEqualTo(index);
        }
    }

    @Property
    void theRateOverAnySecondIsTheTarget(@ForAll @LongRange(min = 1, max = 1_000_000) long rate,
                                         @ForAll @LongRange(min = 0, max = 100_000_000_000L) long offsetNs) {
        RatePacer pacer = new RatePacer(rate, START_NS);
        long from = START_NS + offsetNs;
        long inOneSecond = pacer.dueCount(from + 1_000_000_000L - 1) - pacer.dueCount(from - 1);
        assertThat(inOneSecond).isBetween(rate - 1, rate + 1);
    }
}
