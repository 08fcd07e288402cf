package io.runnel.streams.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The byte writer's strings, short (char by char) and long (a bulk Latin-1 copy checked a word at a time): written
 * as they are exactly when every char is printable ASCII other than '"' and '\\', refused otherwise, including chars
 * outside Latin-1 that the bulk copy turns into '?' (one whose low byte is '?' among them) and unpaired surrogates.
 */
class JsonByteWriterProperties {

    @Property(tries = 5000)
    void shouldWritePlainStringsAsTheyAreAndRefuseAllOthers(@ForAll("texts") String text) throws Exception {
        JsonByteWriter w = JsonByteWriter.acquire();
        try {
            if (JsonByteWriter.isPlain(text)) {
                w.string(text);
                assertThat(new String(w.toByteArray(), StandardCharsets.ISO_8859_1)).isEqualTo("\"" + text + "\"");
            } else {
                assertThatThrownBy(() -> w.string(text)).isInstanceOf(JsonByteReader.Unhandled.class);
            }
        } finally {
            w.release();
        }
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<Character> printable = Arbitraries.chars().range(' ', '~');
        Arbitrary<Character> edges = Arbitraries.of('?', '"', '\\', '\u0000', '\u001f', '\u007f', '\u00e9', '\u00ff',
                '\u013f', '\u0141', '\u4e2d', '\ud83d', '\ude00');
        Arbitrary<Character> chars = Arbitraries.frequencyOf(Tuple.of(40, printable), Tuple.of(4, Arbitraries.just('?')),
                Tuple.of(1, edges));
        return Arbitraries.oneOf(chars.list().ofMaxSize(30), chars.list().ofMinSize(60).ofMaxSize(200))
                .map(list -> {
                    StringBuilder b = new StringBuilder(list.size());
                    list.forEach(b::append);
                    return b.toString();
                });
    }
}
