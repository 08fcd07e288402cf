package io.runnel.streams.serde;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A cursor over UTF-8 JSON bytes for the common case only: ASCII text without escapes, integers of up to 18 digits,
 * numbers in JSON's grammar, nesting up to {@link #DEPTH_MAX}. Anything else throws {@link Unhandled}, and the
 * caller reads the bytes again with Jackson, so what this accepts it reads exactly as Jackson's parser does (the
 * same grammar: no leading zeros, no trailing commas, no comments, literals not followed by a name character;
 * doubles correctly rounded, as Jackson's fast parser and {@link Double#parseDouble} both are) and everything else,
 * errors included, is Jackson's. Used by one thread.
 */
public final class JsonByteReader {
    /** Thrown (without a stack trace) for input outside the common case: Jackson reads it instead. */
    public static final class Unhandled extends IOException {
        private static final long serialVersionUID = 1L;
        static final Unhandled INSTANCE = new Unhandled();

        private Unhandled() {
            super("JSON outside the byte reader's common case");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /** Deeper nesting goes to Jackson (which enforces its own limit of 1000). */
    static final int DEPTH_MAX = 200;
    /** Longer strings go to Jackson (which enforces its own length limit). */
    static final int STRING_BYTES_MAX = 64 * 1024;
    /** Longer number tokens go to Jackson (its limit is 1000 characters). */
    private static final int NUMBER_BYTES_MAX = 100;
    /** Longer integers go to Jackson (as a long or a BigInteger): any 18 digits fit in a long. */
    private static final int LONG_DIGITS_MAX = 18;
    private static final long[] POWERS_OF_TEN_LONG = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L,
        10_000_000L, 100_000_000L};
    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    /** Eight bytes at a time for {@link #stringEnd()}; little-endian so byte k of the word is bytes[i + k]. */
    static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    static final long ONES = 0x0101010101010101L;
    static final long HIGH_BITS = 0x8080808080808080L;

    private final byte[] bytes;
    /** One past the last byte of the document in {@link #bytes}. */
    private final int limit;
    private int position;
    private boolean firstMember;
    /**
     * False once the input strays from the writer's form: whitespace, a name not the expected one, "-0", a double or
     * literal, a skipped value ({@link #exact()}).
     */
    private boolean exact = true;
    /** The index in the last {@link FieldNames} of the name expected next: fields usually come in a writer's order. */
    private int expectedName;

    public JsonByteReader(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    /** A reader of the {@code length} bytes of {@code bytes} from {@code offset} (a record value inside a fetch). */
    public JsonByteReader(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        this.bytes = bytes;
        this.position = offset;
        this.limit = offset + length;
    }

    static Unhandled unhandled() {
        return Unhandled.INSTANCE;
    }

    /** The next byte after JSON whitespace, not consumed; -1 at the end. */
    int peek() {
        if (position < limit && bytes[position] > ' ') {
            return bytes[position];
        }
        while (position < limit) {
            byte c = bytes[position];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return c;
            }
            exact = false;
            position++;
        }
        return -1;
    }

    /**
     * Whether every byte read so far is what {@link JsonByteWriter} writes for the values read: no whitespace, the
     * names each the expected one of their {@link FieldNames}, integers as written, strings (plain ASCII: always as
     * written), nothing after the document. A reader that read each field of a record in its writer's order then
     * read bytes that write back the same.
     */
    boolean exact() {
        return exact && position == limit;
    }

    void skip() {
        position++;
    }

    /** Consumes the start of an object: the next byte must be '{'. */
    public void beginObject() throws Unhandled {
        if (peek() != '{') {
            throw Unhandled.INSTANCE;
        }
        position++;
        firstMember = true;
    }

    /** {@link #nextField(FieldNames)} at the end of the object (its '}' consumed). */
    public static final int END = -1;
    /** {@link #nextField(FieldNames)} for a name not in the list. */
    public static final int OTHER = -2;

    /** The field names a reader expects, kept as bytes so that {@link #nextField(FieldNames)} matches them. */
    public static final class FieldNames {
        private final byte[][] names;
        /**
         * Each name with its closing quote as up to two little-endian words for {@link #nameAt}: the first eight
         * bytes ({@code head}, {@code headMask} keeping the bytes that belong to it) and, when longer, the last eight
         * ({@code tail}, overlapping the head). Longer than sixteen bytes: compared byte by byte.
         */
        private final long[] head;
        private final long[] headMask;
        private final long[] tail;

        /** Printable ASCII names without '"' or '\\'; a field is then named by its index here. */
        public FieldNames(String... names) {
            this.names = new byte[names.length][];
            this.head = new long[names.length];
            this.headMask = new long[names.length];
            this.tail = new long[names.length];
            for (int i = 0; i < names.length; i++) {
                if (names[i].isEmpty() || !JsonByteWriter.isPlain(names[i])) {
                    throw new IllegalArgumentException("Not a plain ASCII field name: \"" + names[i] + "\"");
                }
                this.names[i] = names[i].getBytes(StandardCharsets.US_ASCII);
                byte[] quoted = Arrays.copyOf(this.names[i], this.names[i].length + 1);
                quoted[quoted.length - 1] = '"';
                byte[] padded = Arrays.copyOf(quoted, Math.max(Long.BYTES, quoted.length));
                head[i] = (long) WORDS.get(padded, 0);
                headMask[i] = quoted.length >= Long.BYTES ? -1L : (1L << (Byte.SIZE * quoted.length)) - 1;
                tail[i] = (long) WORDS.get(padded, padded.length - Long.BYTES);
            }
        }
    }

    /** The next field's name, its ':' consumed; null when the object ends (its '}' consumed). Flat objects only. */
    public String nextField() throws Unhandled {
        exact = false;
        if (!memberStart()) {
            return null;
        }
        String name = stringBody();
        nameEnd();
        return name;
    }

    /**
     * As {@link #nextField()}, but the field named by its index in {@code names} ({@link #OTHER} if absent, {@link
     * #END} at the end), matched on the bytes: no String per field name (a bid's seven names were a tenth of its
     * parse).
     */
    public int nextField(FieldNames names) throws Unhandled {
        if (!memberStart()) {
            return END;
        }
        byte[][] all = names.names;
        int expected = expectedName;
        if (expected < all.length && nameAt(names, expected)) {
            // the expected name, then its closing quote: no quote or backslash in a name, so no escape in between
            position += all[expected].length + 1;
            nameEnd();
            expectedName = expected + 1;
            return expected;
        }
        exact = false;
        int start = position;
        int end = stringEnd();
        position = end + 1;
        nameEnd();
        int length = end - start;
        for (int i = 0; i < all.length; i++) {
            byte[] n = all[i];
            if (n.length == length && Arrays.equals(bytes, start, end, n, 0, length)) {
                expectedName = i + 1;
                return i;
            }
        }
        return OTHER;
    }

    /** Whether name {@code i} of {@code names} and a closing quote follow the position. */
    private boolean nameAt(FieldNames names, int i) {
        byte[] name = names.names[i];
        int quotedLength = name.length + 1;
        if (position + Math.max(Long.BYTES, quotedLength) <= limit && quotedLength <= 2 * Long.BYTES) {
            if (((long) WORDS.get(bytes, position) & names.headMask[i]) != names.head[i]) {
                return false;
            }
            return quotedLength <= Long.BYTES
                    || (long) WORDS.get(bytes, position + quotedLength - Long.BYTES) == names.tail[i];
        }
        if (position + name.length >= limit || bytes[position + name.length] != '"') {
            return false;
        }
        for (int k = 0; k < name.length; k++) {
            if (bytes[position + k] != name[k]) {
                return false;
            }
        }
        return true;
    }

    /** Consumes up to a member's opening quote; false when the object ends instead (its '}' consumed). */
    private boolean memberStart() throws Unhandled {
        int c = peek();
        if (c == '}') {
            position++;
            return false;
        }
        if (!firstMember) {
            if (c != ',') {
                throw Unhandled.INSTANCE;
            }
            position++;
            c = peek();
        }
        firstMember = false;
        if (c != '"') {
            throw Unhandled.INSTANCE;
        }
        position++;
        return true;
    }

    private void nameEnd() throws Unhandled {
        if (peek() != ':') {
            throw Unhandled.INSTANCE;
        }
        position++;
    }

    /**
     * Consumes the next value unread: a string (plain ASCII, as {@link #stringValue}), a number, true, false or null,
     * checked as when read. An object, an array or anything else is {@link Unhandled}. For readers of a projection:
     * the fields they do not keep.
     */
    public void skipValue() throws Unhandled {
        exact = false;
        int c = peek();
        if (c == '"') {
            position++;
            position = stringEnd() + 1;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            if (atIntegerToken()) {
                longValue();
            } else {
                doubleValue();
            }
        } else if (c == 't') {
            literal("true");
        } else if (c == 'f') {
            literal("false");
        } else if (c == 'n') {
            literal("null");
        } else {
            throw Unhandled.INSTANCE;
        }
    }

    /** The next value, which must be a string. */
    public String stringValue() throws Unhandled {
        if (peek() != '"') {
            throw Unhandled.INSTANCE;
        }
        position++;
        return stringBody();
    }

    /** After an opening quote: printable ASCII without escapes up to the closing quote. */
    @SuppressWarnings("deprecation")
    String stringBody() throws Unhandled {
        int start = position;
        int end = stringEnd();
        position = end + 1;
        // ASCII, checked: the constructor for bytes that are chars (high byte 0) copies them, and is small enough to
        // inline, where the Charset one (840 bytecodes) is a call that dispatches on the charset
        return new String(bytes, 0, start, end - start);
    }

    /** The index of the quote that closes the string starting at the position: ASCII without escapes only. */
    private int stringEnd() throws Unhandled {
        int end = Math.min(limit, position + STRING_BYTES_MAX);
        int i = position;
        // Whole words of plain bytes skipped; in the first word holding anything else, the lowest flagged byte is
        // the first special one: the end if it is the quote. Near the end, byte by byte.
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            long special = specialBytes((long) WORDS.get(bytes, i));
            if (special != 0) {
                int at = i + (Long.numberOfTrailingZeros(special) >>> 3);
                if (bytes[at] != '"') {
                    throw Unhandled.INSTANCE;
                }
                return at;
            }
        }
        for (; i < end; i++) {
            byte c = bytes[i];
            if (c == '"') {
                return i;
            }
            if (c < 0x20 || c == '\\' || c == 0x7f) { // (bytes >= 0x80 are negative)
                throw Unhandled.INSTANCE;
            }
        }
        throw Unhandled.INSTANCE;
    }

    /**
     * Whether any of the eight bytes is a quote, a backslash, a control byte, DEL or not ASCII. Exact: a borrow
     * between bytes can flag a wrong byte, but only out of a byte that is one of those.
     */
    static boolean mayEndString(long word) {
        return specialBytes(word) != 0;
    }

    /** {@link #mayEndString} per byte: its high bit set for each such byte (exact for the lowest). */
    static long specialBytes(long word) {
        long quote = word ^ (ONES * '"');
        long backslash = word ^ (ONES * '\\');
        long delete = word ^ (ONES * 0x7f);
        long special = (quote - ONES) & ~quote
                | (backslash - ONES) & ~backslash
                | (delete - ONES) & ~delete
                | (word - ONES * 0x20) & ~word // a byte below 0x20
                | word; // a byte of 0x80 or above
        return special & HIGH_BITS;
    }

    /**
     * Per byte of a little-endian word, the high bit set if the byte is not an ASCII digit. Exact for the lowest such
     * byte (a carry between bytes comes only out of a byte of 0xfa or above, itself flagged), which is what the
     * digit count needs.
     */
    static long nonDigits(long word) {
        long nibbles = (word & 0xF0F0F0F0F0F0F0F0L) | (((word + 0x0606060606060606L) & 0xF0F0F0F0F0F0F0F0L) >>> 4);
        long other = nibbles ^ 0x3333333333333333L; // a byte 0x30..0x39 gives 0x33 above: zero here
        return ((other & 0x7F7F7F7F7F7F7F7FL) + 0x7F7F7F7F7F7F7F7FL | other) & HIGH_BITS;
    }

    /**
     * The value of the first {@code k} (1 to 8) bytes of a little-endian word, all ASCII digits, the first most
     * significant: shifted up so they are the last {@code k} of eight (zeros before them), then combined in pairs,
     * fours and eights by multiplications (the bytes after them borrow only upwards and are shifted out).
     */
    static long leadingDigits(long word, int k) {
        long d = (word - ONES * '0') << (Long.SIZE - Byte.SIZE * k);
        d = d * 10 + (d >>> 8);
        return ((d & 0x000000FF000000FFL) * (100 + (1_000_000L << 32))
                + ((d >>> 16) & 0x000000FF000000FFL) * (1 + (10_000L << 32))) >>> 32;
    }

    /** The next value, which must be an integer token (no fraction or exponent) of up to 18 digits. */
    public long longValue() throws Unhandled {
        peek();
        int start = position;
        boolean negative = false;
        int i = start;
        if (i < limit && bytes[i] == '-') {
            negative = true;
            i++;
        }
        int digitsStart = i;
        long value = 0;
        boolean ended = false;
        // Eight bytes at a time while they fit: the digits among them converted at once (the byte loop per digit
        // was a third of a bid's parse); near the limit, byte by byte.
        while (i + Long.BYTES <= limit && i - digitsStart <= LONG_DIGITS_MAX) {
            long word = (long) WORDS.get(bytes, i);
            int k = Long.numberOfTrailingZeros(nonDigits(word)) >>> 3;
            if (k == 0) {
                ended = true;
                break;
            }
            value = value * POWERS_OF_TEN_LONG[k] + leadingDigits(word, k);
            i += k;
            if (k < Long.BYTES) {
                ended = true;
                break;
            }
        }
        while (!ended && i < limit) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9) {
                break;
            }
            value = value * 10 + digit;
            i++;
        }
        int digits = i - digitsStart;
        if (digits == 0 || digits > LONG_DIGITS_MAX || (digits > 1 && bytes[digitsStart] == '0')) {
            throw Unhandled.INSTANCE;
        }
        if (i < limit && (bytes[i] == '.' || bytes[i] == 'e' || bytes[i] == 'E')) {
            throw Unhandled.INSTANCE; // a float token
        }
        position = i;
        if (negative) {
            exact &= value != 0; // "-0" is written "0"
            return -value;
        }
        return value;
    }

    /** The next value, which must be a number token with a fraction or an exponent. */
    public double doubleValue() throws Unhandled {
        exact = false; // the writer's text of a double may differ from the one read
        peek();
        int start = position;
        int i = start;
        boolean negative = false;
        if (i < limit && bytes[i] == '-') {
            negative = true;
            i++;
        }
        long mantissa = 0;
        int mantissaDigits = 0; // significant digits accumulated, up to 18
        boolean exactMantissa = true;
        int decimalExponent = 0;
        int intStart = i;
        while (i < limit && bytes[i] >= '0' && bytes[i] <= '9') {
            if (mantissaDigits < 18) {
                mantissa = mantissa * 10 + (bytes[i] - '0');
                if (mantissa != 0) {
                    mantissaDigits++;
                }
            } else {
                exactMantissa = false;
            }
            i++;
        }
        int intDigits = i - intStart;
        if (intDigits == 0 || (intDigits > 1 && bytes[intStart] == '0')) {
            throw Unhandled.INSTANCE;
        }
        boolean isFloat = false;
        if (i < limit && bytes[i] == '.') {
            isFloat = true;
            i++;
            int fractionStart = i;
            while (i < limit && bytes[i] >= '0' && bytes[i] <= '9') {
                if (mantissaDigits < 18) {
                    mantissa = mantissa * 10 + (bytes[i] - '0');
                    if (mantissa != 0) {
                        mantissaDigits++;
                    }
                    decimalExponent--;
                } else {
                    exactMantissa = false;
                }
                i++;
            }
            if (i == fractionStart) {
                throw Unhandled.INSTANCE;
            }
        }
        if (i < limit && (bytes[i] == 'e' || bytes[i] == 'E')) {
            isFloat = true;
            i++;
            boolean negativeExponent = false;
            if (i < limit && (bytes[i] == '+' || bytes[i] == '-')) {
                negativeExponent = bytes[i] == '-';
                i++;
            }
            int exponentStart = i;
            int exponent = 0;
            while (i < limit && bytes[i] >= '0' && bytes[i] <= '9') {
                if (exponent < 100_000) {
                    exponent = exponent * 10 + (bytes[i] - '0');
                }
                i++;
            }
            if (i == exponentStart) {
                throw Unhandled.INSTANCE;
            }
            decimalExponent += negativeExponent ? -exponent : exponent;
        }
        if (!isFloat || i - start > NUMBER_BYTES_MAX) {
            throw Unhandled.INSTANCE;
        }
        position = i;
        if (exactMantissa && mantissa < (1L << 53) && decimalExponent >= -22 && decimalExponent <= 22) {
            // Both operands are exact doubles, so the one rounding of * or / is the correctly rounded result.
            double value = decimalExponent >= 0 ? mantissa * POWERS_OF_TEN[decimalExponent]
                    : mantissa / POWERS_OF_TEN[-decimalExponent];
            return negative ? -value : value;
        }
        return Double.parseDouble(new String(bytes, start, i - start, StandardCharsets.ISO_8859_1));
    }

    /**
     * Whether the number token at the cursor is an integer (no fraction or exponent), without consuming it; the
     * token itself is checked by {@link #longValue} or {@link #doubleValue}.
     */
    boolean atIntegerToken() {
        int i = position;
        if (i < limit && bytes[i] == '-') {
            i++;
        }
        while (i < limit && bytes[i] >= '0' && bytes[i] <= '9') {
            i++;
        }
        return !(i < limit && (bytes[i] == '.' || bytes[i] == 'e' || bytes[i] == 'E'));
    }

    /** Consumes {@code literal} (true, false, null) at the cursor; the byte after it must end a value. */
    void literal(String literal) throws Unhandled {
        exact = false;
        int n = literal.length();
        if (position + n > limit) {
            throw Unhandled.INSTANCE;
        }
        for (int k = 0; k < n; k++) {
            if (bytes[position + k] != literal.charAt(k)) {
                throw Unhandled.INSTANCE;
            }
        }
        int after = position + n;
        if (after < limit) {
            byte c = bytes[after];
            if (c != ',' && c != '}' && c != ']' && c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                throw Unhandled.INSTANCE;
            }
        }
        position = after;
    }
}
