package io.runnel.streams.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * {@code Serdes.jsonTree()} against the mapper's own reader and writer for {@code JsonNode} (what the serde was
 * before decision 0017), on random JSON text: every integer width, fractions and exponents, escapes and non-ASCII
 * text, nesting, duplicate keys, whitespace, trailing content, truncated input. Same trees (node classes, key
 * order, values), same bytes written, same failures.
 */
class JsonTreeSerdeProperties {
    private static final ObjectReader READER = Serdes.mapper().readerFor(JsonNode.class);
    private static final ObjectWriter WRITER = Serdes.mapper().writerFor(JsonNode.class);
    private static final Serde<JsonNode> TREE = Serdes.jsonTree();

    @Property(tries = 1000)
    void shouldParseAsTheMapperDoes(@ForAll("documents") String json) throws Exception {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        JsonNode expected;
        try {
            expected = READER.readValue(bytes);
        } catch (IOException e) { // the documents hold a few malformed numbers and literals
            assertThatThrownBy(() -> TREE.deserialize(bytes)).isInstanceOf(SerdeException.class)
                    .hasCauseInstanceOf(e.getClass()).hasMessage("Cannot read JsonNode from JSON");
            return;
        }
        assertSameTree(TREE.deserialize(bytes), expected);
    }

    @Property(tries = 1000)
    void shouldWriteWhatTheMapperWritesAndReadItBack(@ForAll("documents") String json) throws Exception {
        JsonNode tree = validTree(json);
        if (tree == null) {
            return;
        }
        byte[] written = TREE.serialize(tree);
        assertThat(written).isEqualTo(WRITER.writeValueAsBytes(tree));
        JsonNode back = TREE.deserialize(written);
        assertSameTree(back, READER.readValue(written));
        if (!json.contains("1e400")) { // the mapper writes an infinite double as the string "Infinity"
            assertSameTree(back, tree);
        }
    }

    @Property(tries = 1000)
    void shouldTreatTruncatedAndTrailingInputAsTheMapperDoes(@ForAll("documents") String json,
                                                             @ForAll @IntRange(min = 0, max = 200) int cut,
                                                             @ForAll("trailers") String trailer) {
        String truncated = json.substring(0, Math.min(cut, json.length()));
        for (String input : new String[] {truncated, json + trailer, truncated + trailer}) {
            byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
            JsonNode expected;
            try {
                expected = READER.readValue(bytes);
            } catch (Exception e) {
                assertThatThrownBy(() -> TREE.deserialize(bytes)).as(input).isInstanceOf(SerdeException.class);
                continue;
            }
            assertSameTree(TREE.deserialize(bytes), expected);
        }
    }

    @Property(tries = 300)
    void shouldWriteTreesWithOtherNodeTypesAsTheMapperDoes(@ForAll("documents") String json,
                                                           @ForAll float f, @ForAll("decimals") BigDecimal d,
                                                           @ForAll short s, @ForAll byte[] binary) throws Exception {
        JsonNode parsed = validTree(json);
        if (parsed == null) {
            return;
        }
        JsonNodeFactory nodes = Serdes.mapper().getNodeFactory();
        ObjectNode tree = nodes.objectNode();
        tree.set("parsed", parsed);
        tree.set("float", nodes.numberNode(f));
        tree.set("decimal", nodes.numberNode(d));
        tree.set("short", nodes.numberNode(s));
        tree.set("binary", nodes.binaryNode(binary));
        tree.set("pojo", new POJONode(Map.of("k", 1)));
        tree.set("missing", nodes.missingNode());
        ArrayNode array = nodes.arrayNode().add(nodes.numberNode(f)).add(parsed);
        for (JsonNode value : new JsonNode[] {tree, array, nodes.numberNode(d), nodes.binaryNode(binary)}) {
            assertThat(TREE.serialize(value)).isEqualTo(WRITER.writeValueAsBytes(value));
        }
    }

    @Example
    void shouldFailOnEmptyInputAsTheMapperDoes() {
        for (String input : new String[] {"", "  \n "}) {
            byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> READER.readValue(bytes)).isInstanceOf(Exception.class);
            assertThatThrownBy(() -> TREE.deserialize(bytes)).isInstanceOf(SerdeException.class)
                    .hasMessage("Cannot read JsonNode from JSON");
        }
        assertThat(TREE.deserialize(null)).isNull();
        assertThat(TREE.serialize(null)).isNull();
    }

    @Example
    void shouldReadTheBenchmarkReading() throws Exception {
        byte[] bytes = "{\"sensor\":\"s1\",\"ts\":1700000000123,\"temp\":21.5}".getBytes(StandardCharsets.UTF_8);
        JsonNode tree = TREE.deserialize(bytes);
        assertSameTree(tree, READER.readValue(bytes));
        assertThat(TREE.serialize(tree)).isEqualTo(bytes);
    }

    private static JsonNode validTree(String json) {
        try {
            return READER.readValue(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return null;
        }
    }

    /** Same node classes, same keys in the same order, equal values. */
    static void assertSameTree(JsonNode actual, JsonNode expected) {
        assertThat(actual).isNotNull();
        assertThat(actual.getClass()).isEqualTo(expected.getClass());
        assertThat(actual).isEqualTo(expected);
        if (expected.isObject()) {
            Iterator<String> a = actual.fieldNames();
            Iterator<String> e = expected.fieldNames();
            while (e.hasNext()) {
                String name = e.next();
                assertThat(a.next()).isEqualTo(name);
                assertSameTree(actual.get(name), expected.get(name));
            }
            assertThat(a.hasNext()).isFalse();
        } else if (expected.isArray()) {
            for (int i = 0; i < expected.size(); i++) {
                assertSameTree(actual.get(i), expected.get(i));
            }
        }
    }

    /** Half with plain ASCII text only (read and written straight from and to bytes), half with any text. */
    @Provide
    Arbitrary<String> documents() {
        return Arbitraries.oneOf(value(3, plainStrings()), value(3, strings()));
    }

    @Provide
    Arbitrary<String> trailers() {
        return Arbitraries.of("", " ", "}", "]", " x", ",1", "{\"a\":1}", "\u0000", " null ", "\"");
    }

    @Provide
    Arbitrary<BigDecimal> decimals() {
        return Arbitraries.bigDecimals().ofScale(3);
    }

    private static Arbitrary<String> value(int depth, Arbitrary<String> strings) {
        Arbitrary<String> scalar = Arbitraries.oneOf(
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.bigIntegers().between(BigInteger.ONE.shiftLeft(70).negate(), BigInteger.ONE.shiftLeft(70))
                        .map(String::valueOf),
                Arbitraries.doubles().map(d -> Double.isFinite(d) ? Double.toString(d) : "0.5"),
                Arbitraries.of("21.5", "-0.0", "0.1", "1e3", "1.", ".5", "01", "-", "1e", "+1", "0.000123", "1.5E+2",
                        "123456789012345678", "1234567890123456789", "0.1234567890123456789", "4.9e-324", "1e23",
                        "9007199254740993", "9007199254740993.0", "2.2250738585072014E-308", "tru", "nul", "truex", "1E-7", "-2.5e+300", "1e400", "123456789012345678901.5",
                        "0", "-0", "2147483648", "-2147483649", "9223372036854775808", "-9223372036854775809"),
                strings,
                Arbitraries.of("true", "false", "null"));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<String> element = Arbitraries.lazy(() -> value(depth - 1, strings));
        Arbitrary<String> array = element.list().ofMaxSize(5)
                .map(items -> "[" + String.join(",", items) + "]");
        Arbitrary<String> field = Arbitraries.oneOf(Arbitraries.of("\"a\"", "\"b\"", "\"sensor\""), strings)
                .flatMap(name -> element.map(v -> name + ":" + v));
        Arbitrary<String> object = field.list().ofMaxSize(6)
                .map(fields -> "{" + String.join(",", fields) + "}");
        Arbitrary<String> spaced = Arbitraries.oneOf(scalar, array, object)
                .map(v -> " \n" + v + "\t ");
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, scalar), net.jqwik.api.Tuple.of(3, array), net.jqwik.api.Tuple.of(5, object),
                net.jqwik.api.Tuple.of(1, spaced));
    }

    /** JSON string literals of printable ASCII, '"' and '\\' escaped. */
    private static Arbitrary<String> plainStrings() {
        return Arbitraries.strings().ofMaxLength(12).withCharRange(' ', '~').map(JsonTreeSerdeProperties::quote);
    }

    /** JSON string literals: plain, escaped, non-ASCII (also outside the BMP), control characters escaped. */
    private static Arbitrary<String> strings() {
        return Arbitraries.strings().ofMaxLength(12)
                .withCharRange(' ', '~').withCharRange('\u00a0', '\u07ff').withChars('\u4e2d', '\ud83d', '\ude00')
                .withChars('\n', '\t', '\u0001', '\u001f', '\\', '"')
                .filter(JsonTreeSerdeProperties::wellFormedSurrogates)
                .map(JsonTreeSerdeProperties::quote);
    }

    private static boolean wellFormedSurrogates(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c == '\n') {
                b.append(i % 2 == 0 ? "\\n" : "\\u000a");
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else if (c == 'e' && i % 3 == 0) {
                b.append("\\u0065"); // an escaped plain letter
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
