package io.runnel.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class SchemaTest {
    public static final class Order {
        public String id;
        public long amountCents;

        public Order() {
        }

        Order(String id, long amountCents) {
            this.id = id;
            this.amountCents = amountCents;
        }
    }

    @Property
    void stringsRoundTrip(@ForAll String s) {
        assertThat(Schema.STRING.decode(Schema.STRING.encode(s))).isEqualTo(s);
    }

    @Property
    void longsRoundTripInKafkaLayout(@ForAll long v) {
        byte[] bytes = Schema.INT64.encode(v);
        assertThat(bytes).isEqualTo(new org.apache.kafka.common.serialization.LongSerializer().serialize("t", v));
        assertThat(Schema.INT64.decode(bytes)).isEqualTo(v);
    }

    @Property
    void intsRoundTrip(@ForAll int v) {
        assertThat(Schema.INT32.decode(Schema.INT32.encode(v))).isEqualTo(v);
    }

    @Test
    void shouldWriteAndReadJson() {
        Schema<Order> schema = Schema.JSON(Order.class);
        byte[] json = schema.encode(new Order("o-1", 1250));
        assertThat(new String(json, java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"id\":\"o-1\",\"amountCents\":1250}");
        Order back = schema.decode(json);
        assertThat(back.id).isEqualTo("o-1");
        assertThat(back.amountCents).isEqualTo(1250);
    }

    @Test
    void shouldRejectBytesThatDoNotFit() {
        assertThatThrownBy(() -> Schema.INT64.decode(new byte[3])).isInstanceOf(Schema.SchemaException.class)
                .hasMessageContaining("8 bytes");
        assertThatThrownBy(() -> Schema.JSON(Order.class).decode("{not json".getBytes()))
                .isInstanceOf(Schema.SchemaException.class).hasMessageContaining("not a JSON");
    }
}
