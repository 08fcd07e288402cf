package io.runnel.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class MessageIdProperties {

    @Provide
    Arbitrary<MessageId> ids() {
        Arbitrary<String> topics = Arbitraries.strings().ofMinLength(1).ofMaxLength(60)
                .withChars("abcXYZ019._-:/é漢");
        Arbitrary<MessageId> positions = net.jqwik.api.Combinators.combine(topics,
                Arbitraries.integers().between(0, Integer.MAX_VALUE),
                Arbitraries.longs().between(0, Long.MAX_VALUE)).as(MessageId::of);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, positions),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(MessageId.earliest)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(MessageId.latest)));
    }

    @Property
    void bytesRoundTrip(@ForAll("ids") MessageId id) {
        MessageId back = MessageId.fromByteArray(id.toByteArray());
        assertThat(back).isEqualTo(id);
        assertThat(back.toString()).isEqualTo(id.toString());
    }

    @Property
    void stringRoundTrip(@ForAll("ids") MessageId id) {
        assertThat(MessageId.fromString(id.toString())).isEqualTo(id);
    }

    @Property
    void orderAgreesWithFields(@ForAll("ids") MessageId a, @ForAll("ids") MessageId b) {
        int c = Integer.signum(a.compareTo(b));
        assertThat(Integer.signum(b.compareTo(a))).isEqualTo(-c);
        assertThat(c == 0).isEqualTo(a.equals(b));
        if (a.isPosition() && b.isPosition() && a.topic().equals(b.topic()) && a.partition() == b.partition()) {
            assertThat(c).isEqualTo(Long.signum(Long.compare(a.offset(), b.offset())));
        }
    }

    @Property
    void truncatedBytesAreRejected(@ForAll("ids") MessageId id, @ForAll @IntRange(min = 1, max = 30) int cut) {
        byte[] bytes = id.toByteArray();
        int length = Math.max(0, bytes.length - cut);
        assertThatThrownBy(() -> MessageId.fromByteArray(Arrays.copyOf(bytes, length)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Example
    void sentinelsHaveFixedForms() {
        assertThat(MessageId.earliest.toString()).isEqualTo("earliest");
        assertThat(MessageId.fromString("latest")).isSameAs(MessageId.latest);
        assertThat(MessageId.of("orders", 2, 17).toString()).isEqualTo("orders:2:17");
        assertThat(MessageId.fromString("a:b:3:4")).isEqualTo(MessageId.of("a:b", 3, 4));
    }

    @Example
    void malformedStringsNameTheProblem() {
        assertThatThrownBy(() -> MessageId.fromString("orders:x:1")).hasMessageContaining("must be numbers");
        assertThatThrownBy(() -> MessageId.fromString("orders")).hasMessageContaining("not a message id");
        assertThatThrownBy(() -> MessageId.fromString("orders:-1:1")).hasMessageContaining("partition");
        assertThatThrownBy(() -> MessageId.fromByteArray(new byte[] {9, 0})).hasMessageContaining("version");
    }
}
