package io.runnel.streams.serde;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The JSON tree serde reads and writes doubles with Jackson's fast parser and writer: every double, as written by
 * the serde or by {@code Double.toString}, reads back as the same value, and longs and strings are untouched.
 */
class JsonSerdeProperties {
    private static final ObjectMapper PLAIN = new ObjectMapper();

    @Property(tries = 2000)
    void shouldRoundTripEveryDoubleExactly(@ForAll double d, @ForAll long l, @ForAll String s) {
        if (!Double.isFinite(d)) {
            return; // JSON has no NaN or infinities
        }
        ObjectNode in = Serdes.mapper().createObjectNode().put("d", d).put("l", l).put("s", s);
        JsonNode out = Serdes.jsonTree().deserialize(Serdes.jsonTree().serialize(in));
        assertThat(Double.doubleToLongBits(out.get("d").asDouble())).isEqualTo(Double.doubleToLongBits(d));
        assertThat(out.get("l").asLong()).isEqualTo(l);
        assertThat(out.get("s").asText()).isEqualTo(s);
    }

    @Property(tries = 2000)
    void shouldReadWhatTheJdkWritesAsTheSameDouble(@ForAll double d) throws Exception {
        if (!Double.isFinite(d)) {
            return;
        }
        byte[] json = ("{\"d\":" + Double.toString(d) + "}").getBytes(StandardCharsets.UTF_8);
        double fast = Serdes.jsonTree().deserialize(json).get("d").asDouble();
        assertThat(Double.doubleToLongBits(fast)).isEqualTo(Double.doubleToLongBits(d));
        assertThat(PLAIN.readTree(Serdes.jsonTree().serialize(Serdes.mapper().createObjectNode().put("d", d)))
                .get("d").asDouble()).isEqualTo(d);
    }
}
