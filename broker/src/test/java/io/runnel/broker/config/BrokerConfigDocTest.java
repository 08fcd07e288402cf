package io.runnel.broker.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BrokerConfigDocTest {
    private static final Path DOC = Path.of("..", "docs", "config-broker.md");

    @Test
    void shouldMatchTheCheckedInConfigurationReference() throws Exception {
        String expected = BrokerConfigDoc.render();
        if (Boolean.getBoolean("runnel.docs.write")) {
            Files.writeString(DOC, expected, StandardCharsets.UTF_8);
        }
        assertThat(DOC).as("docs/config-broker.md is stale: regenerate it with -Drunnel.docs.write=true "
                + "(see the comment at its top)").exists();
        assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
                .as("docs/config-broker.md is stale: regenerate it with -Drunnel.docs.write=true").isEqualTo(expected);
    }
}
