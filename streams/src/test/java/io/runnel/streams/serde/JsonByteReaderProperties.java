package io.runnel.streams.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * The byte reader's word-at-a-time string scan and integer conversion and its expected-name shortcut against plain
 * byte-by-byte rules.
 */
class JsonByteReaderProperties {

    @Property(tries = 5000)
    void shouldFlagAWordExactlyWhenOneOfItsBytesCanEndAPlainString(@ForAll("wordBytes") byte[] bytes) {
        long word = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        boolean any = false;
        for (byte b : bytes) {
            any |= endsPlainText(b);
        }
        assertThat(JsonByteReader.mayEndString(word)).isEqualTo(any);
    }

    @Property(tries = 3000)
    void shouldReadAStringUpToItsClosingQuoteAtAnyAlignment(@ForAll("textBytes") byte[] text,
                                                             @ForAll @IntRange(max = 9) int leadingSpaces) throws Exception {
        byte[] json = new byte[leadingSpaces + text.length + 1];
        Arrays.fill(json, 0, leadingSpaces, (byte) ' ');
        json[leadingSpaces] = '"';
        System.arraycopy(text, 0, json, leadingSpaces + 1, text.length);
        int end = -1;
        for (int i = 0; i < text.length && end < 0; i++) {
            if (text[i] == '"') {
                end = i;
            } else if (endsPlainText(text[i])) {
                break; // an escape, a control byte, DEL or non-ASCII before any quote
            }
        }
        JsonByteReader reader = new JsonByteReader(json);
        if (end < 0) {
            assertThatThrownBy(reader::stringValue).isInstanceOf(JsonByteReader.Unhandled.class);
        } else {
            assertThat(reader.stringValue()).isEqualTo(new String(text, 0, end, StandardCharsets.ISO_8859_1));
        }
    }

    @Property(tries = 5000)
    void shouldCountAndConvertTheLeadingDigitsOfAWord(@ForAll("digitWordBytes") byte[] bytes) {
        long word = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        int digits = 0;
        long value = 0;
        while (digits < bytes.length && bytes[digits] >= '0' && bytes[digits] <= '9') {
            value = value * 10 + (bytes[digits] - '0');
            digits++;
        }
        assertThat(Long.numberOfTrailingZeros(JsonByteReader.nonDigits(word)) >>> 3).isEqualTo(digits);
        if (digits > 0) {
            assertThat(JsonByteReader.leadingDigits(word, digits)).isEqualTo(value);
        }
    }

    /**
     * Integers of any length at any alignment, ended by any byte or by the limit (with digits after it that are not
     * the value's): read as the grammar and a long allow (1 to 18 digits, no leading zero, not followed by a fraction
     * or exponent), or refused.
     */
    @Property(tries = 5000)
    void shouldReadIntegersAtAnyAlignmentAndLength(@ForAll("integerTokens") String token,
                                                   @ForAll @IntRange(max = 9) int offset,
                                                   @ForAll("terminators") String after) throws Exception {
        byte[] framed = (" ".repeat(offset) + token + after + "123456789").getBytes(StandardCharsets.ISO_8859_1);
        int limit = offset + token.length() + after.length();
        JsonByteReader reader = new JsonByteReader(framed, 0, limit);
        String digits = token.startsWith("-") ? token.substring(1) : token;
        boolean valid = !digits.isEmpty() && digits.length() <= 18 && (digits.length() == 1 || digits.charAt(0) != '0')
                && !(after.startsWith(".") || after.startsWith("e") || after.startsWith("E"));
        if (valid) {
            assertThat(reader.longValue()).isEqualTo(Long.parseLong(token));
            assertThat(reader.peek()).isEqualTo(after.isEmpty() ? -1 : after.trim().isEmpty() ? -1 : after.trim().charAt(0));
        } else {
            assertThatThrownBy(reader::longValue).isInstanceOf(JsonByteReader.Unhandled.class);
        }
    }

    @Property(tries = 2000)
    void shouldMatchFieldNamesInAnyOrderAsByName(@ForAll("names") List<String> fields) throws Exception {
        JsonByteReader.FieldNames known = new JsonByteReader.FieldNames("id", "idx", "name", "dateTime",
                "fifteen_chars_x", "a_name_of_eighteen");
        List<String> expected = List.of("id", "idx", "name", "dateTime", "fifteen_chars_x", "a_name_of_eighteen");
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < fields.size(); i++) {
            json.append(i == 0 ? "" : ",").append('"').append(fields.get(i)).append("\":").append(i);
        }
        JsonByteReader reader = new JsonByteReader(json.append('}').toString().getBytes(StandardCharsets.UTF_8));
        reader.beginObject();
        for (int i = 0; i < fields.size(); i++) {
            int field = reader.nextField(known);
            assertThat(field).isEqualTo(expected.contains(fields.get(i)) ? expected.indexOf(fields.get(i))
                    : JsonByteReader.OTHER);
            assertThat(reader.longValue()).isEqualTo(i);
        }
        assertThat(reader.nextField(known)).isEqualTo(JsonByteReader.END);
    }

    private static boolean endsPlainText(byte b) {
        int c = b & 0xff;
        return c == '"' || c == '\\' || c < 0x20 || c >= 0x7f;
    }

    @Provide
    Arbitrary<byte[]> wordBytes() {
        return bytes().array(byte[].class).ofSize(8);
    }

    /** Mostly printable ASCII (so whole words are plain), with the bytes that end or break a plain string. */
    @Provide
    Arbitrary<byte[]> textBytes() {
        return bytes().array(byte[].class).ofMaxSize(40);
    }

    private static Arbitrary<Byte> bytes() {
        Arbitrary<Byte> printable = Arbitraries.integers().between(0x20, 0x7e).map(Integer::byteValue);
        Arbitrary<Byte> edges = Arbitraries.of((byte) '"', (byte) '\\', (byte) 0x1f, (byte) 0, (byte) 0x7f,
                (byte) 0x80, (byte) 0xff, (byte) 0xc3, (byte) 0x21, (byte) 0x5b, (byte) 0x5d, (byte) 0x20, (byte) 0x7e);
        return Arbitraries.frequencyOf(Tuple.of(30, printable), Tuple.of(2, edges), Tuple.of(1, Arbitraries.bytes()));
    }

    /** Digits, mostly, with the bytes around them in ASCII and the ones that carry or borrow. */
    @Provide
    Arbitrary<byte[]> digitWordBytes() {
        Arbitrary<Byte> digit = Arbitraries.integers().between('0', '9').map(Integer::byteValue);
        Arbitrary<Byte> edges = Arbitraries.of((byte) '/', (byte) ':', (byte) ',', (byte) '}', (byte) 0, (byte) 0xfa,
                (byte) 0xff, (byte) 0xf9, (byte) 0x3a, (byte) 0x2f, (byte) 0xb0, (byte) 0x39, (byte) 0x30);
        return Arbitraries.frequencyOf(Tuple.of(12, digit), Tuple.of(2, edges), Tuple.of(1, Arbitraries.bytes()))
                .array(byte[].class).ofSize(8);
    }

    @Provide
    Arbitrary<String> integerTokens() {
        Arbitrary<String> digits = Arbitraries.strings().withCharRange('0', '9').ofMaxLength(25);
        Arbitrary<String> plain = Arbitraries.longs().map(String::valueOf);
        return Arbitraries.oneOf(digits, digits.map(d -> "-" + d), plain, Arbitraries.of("0", "-0", "00", "-", ""));
    }

    @Provide
    Arbitrary<String> terminators() {
        return Arbitraries.of("", ",", "}", " ", " ,", ".5", "e3", "E", "x", "\"", "]");
    }

    @Provide
    Arbitrary<List<String>> names() {
        return Arbitraries.of("id", "idx", "name", "dateTime", "i", "other", "dateTim", "nam",
                "fifteen_chars_x", "fifteen_chars_y", "a_name_of_eighteen", "a_name_of_eighteem", "a_name_of_eighteen1").list().ofMaxSize(6);
    }
}
