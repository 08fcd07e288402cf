package io.runnel.bench.load;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes and reads flat JSON objects: string keys, values that are strings, numbers, booleans or null, no
 * nesting. That is all the load tool's {@code --json} line and the compare harness's result files need, so the
 * bench module carries no JSON library. Non-finite numbers are written as null. Stateless; thread-safe.
 */
public final class FlatJson {

    private FlatJson() {
    }

    /** One line of JSON for the map, keys in iteration order. */
    public static String write(Map<String, ?> fields) {
        StringBuilder sb = new StringBuilder(256).append('{');
        boolean first = true;
        for (Map.Entry<String, ?> e : fields.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            quote(sb, e.getKey());
            sb.append(':');
            Object v = e.getValue();
            if (v == null) {
                sb.append("null");
            } else if (v instanceof Double || v instanceof Float) {
                double d = ((Number) v).doubleValue();
                sb.append(Double.isFinite(d) ? formatDouble(d) : "null");
            } else if (v instanceof Number || v instanceof Boolean) {
                sb.append(v);
            } else {
                quote(sb, v.toString());
            }
        }
        return sb.append('}').toString();
    }

    /**
     * Parses one flat JSON object. Numbers come back as Double (or Long when integral and written without a
     * fraction or exponent), strings as String, true/false as Boolean, null as null.
     *
     * @throws IllegalArgumentException on anything else, with the position
     */
    public static Map<String, Object> parse(String json) {
        Parser p = new Parser(json);
        Map<String, Object> out = p.object();
        p.skipSpace();
        if (p.pos != json.length()) {
            throw p.error("trailing characters");
        }
        return out;
    }

    private static String formatDouble(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d) + ".0";
        }
        return Double.toString(d);
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }

    /** Recursive-descent reader over one string; each method advances {@code pos}. */
    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        Map<String, Object> object() {
            skipSpace();
            expect('{');
            Map<String, Object> out = new LinkedHashMap<>();
            skipSpace();
            if (peek() == '}') {
                pos++;
                return out;
            }
            while (pos < s.length()) {
                skipSpace();
                String key = string();
                skipSpace();
                expect(':');
                skipSpace();
                out.put(key, value());
                skipSpace();
                char c = next();
                if (c == '}') {
                    return out;
                }
                if (c != ',') {
                    throw error("expected , or }");
                }
            }
            throw error("unterminated object");
        }

        Object value() {
            char c = peek();
            if (c == '"') {
                return string();
            }
            if (s.startsWith("null", pos)) {
                pos += 4;
                return null;
            }
            if (s.startsWith("true", pos)) {
                pos += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("false", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            int start = pos;
            while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
            String num = s.substring(start, pos);
            if (num.isEmpty()) {
                throw error("expected a value");
            }
            try {
                if (num.indexOf('.') < 0 && num.indexOf('e') < 0 && num.indexOf('E') < 0) {
                    return Long.parseLong(num);
                }
                return Double.parseDouble(num);
            } catch (NumberFormatException e) {
                throw error("bad number '" + num + "'");
            }
        }

        String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                char esc = next();
                switch (esc) {
                    case 'n': sb.append('\n'); break;
                    case 'r': sb.append('\r'); break;
                    case 't': sb.append('\t'); break;
                    case 'b': sb.append('\b'); break;
                    case 'f': sb.append('\f'); break;
                    case 'u':
                        if (pos + 4 > s.length()) {
                            throw error("short \\u escape");
                        }
                        sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        pos += 4;
                        break;
                    default: sb.append(esc);
                }
            }
            throw error("unterminated string");
        }

        void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        char peek() {
            if (pos >= s.length()) {
                throw error("unexpected end");
            }
            return s.charAt(pos);
        }

        char next() {
            char c = peek();
            pos++;
            return c;
        }

        void expect(char c) {
            if (next() != c) {
                throw error("expected '" + c + "'");
            }
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException("bad JSON at " + pos + ": " + what);
        }
    }
}
