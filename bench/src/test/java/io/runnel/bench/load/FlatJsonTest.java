package io.runnel.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class FlatJsonTest {

    @Test
    void shouldWriteAndReadBackEveryValueKind() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a \"quoted\" \\ line\nnext\ttab\u0001");
        m.put("l", 42L);
        m.put("d", 1.5);
        m.put("whole", 3.0);
        m.put("b", true);
        m.put("n", null);
        m.put("nan", Double.NaN);
        String json = FlatJson.write(m);
        assertThat(json).startsWith("{\"s\":").contains("\"nan\":null").contains("\"whole\":3.0");
        Map<String, Object> back = FlatJson.parse(json);
        assertThat(back.get("s")).isEqualTo(m.get("s"));
        assertThat(back.get("l")).isEqualTo(42L);
        assertThat(back.get("d")).isEqualTo(1.5);
        assertThat(back.get("whole")).isEqualTo(3.0);
        assertThat(back.get("b")).isEqualTo(true);
        assertThat(back).containsEntry("n", null).containsEntry("nan", null);
        assertThat(FlatJson.parse(" { } ")).isEmpty();
    }

    @Test
    void shouldRejectMalformedInputWithThePosition() {
        assertThatThrownBy(() -> FlatJson.parse("{\"a\":}")).hasMessageContaining("bad JSON at");
        assertThatThrownBy(() -> FlatJson.parse("{\"a\":1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FlatJson.parse("{\"a\":1} x")).hasMessageContaining("trailing");
        assertThatThrownBy(() -> FlatJson.parse("{\"a\":1-2}")).hasMessageContaining("bad number");
        assertThatThrownBy(() -> FlatJson.parse("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void stringsAndNumbersRoundTrip(@ForAll String key, @ForAll String text, @ForAll long whole, @ForAll double real) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("k" + key, text);
        m.put("whole", whole);
        m.put("real", real);
        Map<String, Object> back = FlatJson.parse(FlatJson.write(m));
        assertThat(back.get("k" + key)).isEqualTo(text);
        assertThat(back.get("whole")).isEqualTo(whole);
        if (Double.isFinite(real)) {
            assertThat(((Number) back.get("real")).doubleValue()).isEqualTo(real);
        } else {
            assertThat(back.get("real")).isNull();
        }
    }
}
