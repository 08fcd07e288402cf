package io.runnel.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.common.config.ConfigDef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The configuration reference pages docs/config-topic.md and docs/config-storage.md are generated from
 * {@link LogConfig#DEF} and {@link StorageConfig#DEF}. This test fails when a page is stale; regenerate with
 * {@code mvn -pl storage -am test -Dtest=ConfigDocsTest -Drunnel.docs.write=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class ConfigDocsTest {
    private static final Path DOCS = Path.of("..", "docs");

    static String render(String title, String intro, ConfigDef def) {
        return "# " + title + "\n\n"
                + "<!-- Generated from " + def.scope() + " keys by io.runnel.storage.ConfigDocsTest: do not edit. -->\n\n"
                + intro + "\n\n" + def.toMarkdownTable();
    }

    static String topicPage() {
        return render("Topic configuration", "Per-topic settings (Kafka's names). Set them at topic creation or with "
                + "IncrementalAlterConfigs; the broker's `log.*` defaults apply to keys a topic does not set. Unknown "
                + "keys and bad values are rejected with the key named.", LogConfig.DEF);
    }

    static String storagePage() {
        return render("Storage configuration", "Node-level settings of the log storage (one log directory), part "
                + "of the broker configuration.", StorageConfig.DEF);
    }

    @Test
    void shouldKeepTheGeneratedReferencePagesCurrent() throws IOException {
        check(DOCS.resolve("config-topic.md"), topicPage());
        check(DOCS.resolve("config-storage.md"), storagePage());
    }

    private static void check(Path page, String expected) throws IOException {
        if (Boolean.getBoolean("runnel.docs.write")) {
            Files.writeString(page, expected, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(page)).as(page + " missing: regenerate (see ConfigDocsTest)").isTrue();
        assertThat(Files.readString(page, StandardCharsets.UTF_8))
                .as(page + " is stale: regenerate (see ConfigDocsTest)").isEqualTo(expected);
    }
}
