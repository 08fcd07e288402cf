package io.runnel.streams.internals;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class JoinKeyFilterProperties {

    record Put(int segment, byte[] key) {
    }

    @Property(tries = 200)
    void everyAddedKeyMightBeThereUntilItsSegmentExpires(@ForAll("puts") List<Put> puts,
                                                          @ForAll @IntRange(min = -4, max = 4) int firstLive) {
        JoinKeyFilter filter = new JoinKeyFilter();
        for (Put p : puts) {
            filter.add(p.segment(), p.key());
        }
        for (Put p : puts) {
            assertThat(filter.mightContain(p.segment(), p.key())).isTrue();
        }
        filter.expireBefore(firstLive);
        for (Put p : puts) {
            assertThat(filter.mightContain(p.segment(), p.key())).isEqualTo(p.segment() >= firstLive);
        }
        assertThat(filter.liveSegments()).as("expired segments release their bits")
                .isEqualTo((int) puts.stream().mapToInt(Put::segment).filter(s -> s >= firstLive).distinct().count());
    }

    @Provide
    Arbitrary<List<Put>> puts() {
        return Combinators.combine(Arbitraries.integers().between(-3, 3),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(12)).as(Put::new).list().ofMaxSize(300);
    }

    @Example
    void keyBytesInsideALargerArrayCountAsTheKey() {
        JoinKeyFilter filter = new JoinKeyFilter();
        byte[] stored = "....person-42....".getBytes(StandardCharsets.US_ASCII);
        filter.add(7, JoinKeyFilter.hash(stored, 4, 9));
        assertThat(filter.mightContain(7, "person-42".getBytes(StandardCharsets.US_ASCII))).isTrue();
        assertThat(filter.mightContain(8, "person-42".getBytes(StandardCharsets.US_ASCII))).isFalse();
    }

    @Example
    void fewKeysAbsentFromASegmentLookPresent() {
        JoinKeyFilter filter = new JoinKeyFilter();
        Set<String> added = new HashSet<>();
        for (int i = 0; i < 50_000; i++) {
            String k = Integer.toString(i * 7);
            added.add(k);
            filter.add(1, k.getBytes(StandardCharsets.UTF_8));
        }
        int falsePositives = 0;
        int probes = 0;
        for (int i = 0; probes < 100_000; i++) {
            String k = Integer.toString(i);
            if (added.contains(k)) {
                continue;
            }
            probes++;
            if (filter.mightContain(1, k.getBytes(StandardCharsets.UTF_8))) {
                falsePositives++;
            }
        }
        // 3 hashes, 2 Mi bits, 50,000 keys: about 0.03% expected
        assertThat(falsePositives).isLessThan(200);
        assertThat(filter.mightContain(2, "7".getBytes(StandardCharsets.UTF_8))).isFalse();
    }
}
