package io.runnel.common.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The value types a configuration key can have, with their parsing from text. */
public enum ConfigType {
    BOOLEAN("true or false") {
        @Override
        Object parse(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            if (t.equals("true")) {
                return Boolean.TRUE;
            }
            if (t.equals("false")) {
                return Boolean.FALSE;
            }
            throw new IllegalArgumentException("expected true or false");
        }
    },
    INT("an integer") {
        @Override
        Object parse(String text) {
            return Integer.parseInt(text.trim());
        }
    },
    LONG("a long integer") {
        @Override
        Object parse(String text) {
            return Long.parseLong(text.trim());
        }
    },
    DOUBLE("a decimal number") {
        @Override
        Object parse(String text) {
            return Double.parseDouble(text.trim());
        }
    },
    STRING("a string") {
        @Override
        Object parse(String text) {
            return text.trim();
        }
    },
    /** Comma-separated; blanks dropped. */
    LIST("a comma-separated list") {
        @Override
        Object parse(String text) {
            List<String> out = new ArrayList<>();
            for (String part : text.split(",")) {
                String p = part.trim();
                if (!p.isEmpty()) {
                    out.add(p);
                }
            }
            return List.copyOf(out);
        }
    };

    private final String description;

    ConfigType(String description) {
        this.description = description;
    }

    /** What a user must write, for error messages: "an integer". */
    public String description() {
        return description;
    }

    /** Parses text; throws IllegalArgumentException (incl. NumberFormatException) on bad input. */
    abstract Object parse(String text);
}
