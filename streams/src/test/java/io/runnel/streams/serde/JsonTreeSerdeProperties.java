package io.runnel.streams.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The streaming JSON tree codec against Jackson's data-binding path on random trees: the same bytes written, the
 * same trees read (node types included), and the same failures.
 */
class JsonTreeSerdeProperties {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    @Provide
    Arbitrary<JsonNode> trees() {
        return tree(4);
    }

    private static Arbitrary<JsonNode> leaf() {
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(12)
                .withChars("abz \"\\/\n\t\u00e9\u20ac{}[]:,".toCharArray());
        return Arbitraries.oneOf(
                text.map(F::textNode),
                Arbitraries.integers().map(F::numberNode),
                Arbitraries.longs().map(F::numberNode),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(20).negate(), BigInteger.TEN.pow(20))
                        .map(F::numberNode),
                Arbitraries.doubles().filter(Double::isFinite).map(F::numberNode),
                Arbitraries.floats().filter(Float::isFinite).map(F::numberNode),
                Arbitraries.bigDecimals().ofScale(3).map(F::numberNode),
                Arbitraries.of(true, false).map(F::booleanNode),
                Arbitraries.just(F.nullNode()),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(6).map(F::binaryNode));
    }

    private static Arbitrary<JsonNode> tree(int depth) {
        if (depth == 0) {
            return leaf();
        }
        Arbitrary<JsonNode> child = Arbitraries.lazy(() -> tree(depth - 1));
        Arbitrary<JsonNode> object = Arbitraries.strings().alpha().ofMaxLength(4).flatMap(k ->
                child.map(v -> Tuple.of(k, v))).list().ofMaxSize(4).map(fields -> {
                    ObjectNode o = F.objectNode();
                    fields.forEach(f -> o.set(f.get1(), f.get2()));
                    return o;
                });
        Arbitrary<JsonNode> array = child.list().ofMaxSize(4).map(items -> {
            ArrayNode a = F.arrayNode();
            items.forEach(a::add);
            return a;
        });
        return Arbitraries.frequencyOf(Tuple.of(3, leaf()), Tuple.of(2, object), Tuple.of(2, array));
    }

    @Property(tries = 400)
    void writesTheMappersBytesAndReadsTheMappersTree(@ForAll("trees") JsonNode tree) throws Exception {
        byte[] expected = Serdes.mapper().writeValueAsBytes(tree);
        assertThat(Serdes.jsonTree().serialize(tree)).isEqualTo(expected);
        assertThat(Serdes.jsonTree().deserialize(expected)).isEqualTo(Serdes.mapper().readTree(expected));
    }

    @Example
    void shouldKeepTheLastOfRepeatedFieldsAndIgnoreTrailingTokensAsTheMapperDoes() throws Exception {
        for (String json : List.of("{\"a\":1,\"a\":[2]}", "{\"a\":1} {\"b\":2}", "12345678901", "1.5e300",
                "123456789012345678901234567890", "\"x\"", "null", "{\"s\":\"\\u00e9\\ud83d\\ude00\"}")) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            assertThat(Serdes.jsonTree().deserialize(bytes)).as(json).isEqualTo(Serdes.mapper().readTree(bytes));
        }
    }

    @Example
    void shouldFailOnMalformedOrEmptyInput() {
        for (String json : List.of("{\"a\":", "[1,", "{\"a\" 1}", "")) {
            assertThatThrownBy(() -> Serdes.jsonTree().deserialize(json.getBytes(StandardCharsets.UTF_8)))
                    .as(json).isInstanceOf(SerdeException.class);
        }
    }

    @Example
    void shouldWritePojoNodesThroughTheMapper() throws Exception {
        ObjectNode o = F.objectNode();
        o.putPOJO("p", new BigDecimal("1.50"));
        assertThat(Serdes.jsonTree().serialize(o)).isEqualTo(Serdes.mapper().writeValueAsBytes(o));
    }
}
