package io.runnel.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UnitsTest {

    @Test
    void shouldParseDurations() {
        assertThat(Units.parseDurationNs("30s")).isEqualTo(30_000_000_000L);
        assertThat(Units.parseDurationNs("30")).isEqualTo(30_000_000_000L);
        assertThat(Units.parseDurationNs("500ms")).isEqualTo(500_000_000L);
        assertThat(Units.parseDurationNs("2m")).isEqualTo(120_000_000_000L);
        assertThat(Units.parseDurationNs("1h")).isEqualTo(3_600_000_000_000L);
        assertThat(Units.parseDurationNs(" 1.5S ")).isEqualTo(1_500_000_000L);
    }

    @Test
    void shouldParseSizesAndCounts() {
        assertThat(Units.parseBytes("100")).isEqualTo(100);
        assertThat(Units.parseBytes("1KiB")).isEqualTo(1024);
        assertThat(Units.parseBytes("1k")).isEqualTo(1024);
        assertThat(Units.parseBytes("4MiB")).isEqualTo(4L * 1024 * 1024);
        assertThat(Units.parseCount("2M")).isEqualTo(2_000_000);
        assertThat(Units.parseCount("20k")).isEqualTo(20_000);
        assertThat(Units.parseCount("123")).isEqualTo(123);
    }

    @Test
    void shouldRejectGarbageWithAMessageSayingWhatIsAccepted() {
        assertThatThrownBy(() -> Units.parseDurationNs("soon")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duration");
        assertThatThrownBy(() -> Units.parseDurationNs("3d")).hasMessageContaining("s, ms, m or h");
        assertThatThrownBy(() -> Units.parseBytes("1GiB")).hasMessageContaining("KiB or MiB");
        assertThatThrownBy(() -> Units.parseCount("-5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Units.parseCount("9999999999999999999999M")).hasMessageContaining("too large");
        assertThatThrownBy(() -> Units.parseCount(null)).hasMessageContaining("missing");
    }
}
