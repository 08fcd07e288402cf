package io.runnel.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigDefTest {
    static final ConfigKey<Integer> PARTITIONS =
            ConfigKey.of("num.partitions", ConfigType.INT, 1, Validator.atLeast(1), "Partitions of a new topic.");
    static final ConfigKey<String> POLICY = ConfigKey.of("cleanup.policy", ConfigType.STRING, "delete",
            Validator.oneOf("delete", "compact"), "What happens to old segments.");
    static final ConfigKey<List<String>> LISTENERS = ConfigKey.of("listeners", ConfigType.LIST,
            List.of("PLAINTEXT://127.0.0.1:9092"), Validator.any(), "Where to listen.");
    static final ConfigDef DEF = ConfigDef.of("broker", List.of(PARTITIONS, POLICY, LISTENERS));

    @Test
    void shouldApplyDefaultsAndParseGivenValues() {
        Config config = DEF.parse(Map.of("num.partitions", " 3 ", "listeners", "A://h:1, B://h:2"));
        assertThat(config.get(PARTITIONS)).isEqualTo(3);
        assertThat(config.get(POLICY)).isEqualTo("delete");
        assertThat(config.get(LISTENERS)).containsExactly("A://h:1", "B://h:2");
        assertThat(config.isExplicit(PARTITIONS)).isTrue();
        assertThat(config.isExplicit(POLICY)).isFalse();
    }

    @Test
    void shouldNameTheKeyAndWhatIsAcceptedOnBadValues() {
        assertThatThrownBy(() -> DEF.parse(Map.of("num.partitions", "zero")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("num.partitions").hasMessageContaining("an integer");
        assertThatThrownBy(() -> DEF.parse(Map.of("num.partitions", "0")))
                .hasMessageContaining("num.partitions").hasMessageContaining(">= 1");
        assertThatThrownBy(() -> DEF.parse(Map.of("cleanup.policy", "forever")))
                .hasMessageContaining("cleanup.policy").hasMessageContaining("one of delete, compact");
    }

    @Test
    void shouldRejectUnknownKeys() {
        assertThatThrownBy(() -> DEF.parse(Map.of("num.partition", "3")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("num.partition"));
    }

    @Test
    void shouldRenderEveryKeyInTheReferenceTable() {
        String table = DEF.toMarkdownTable();
        assertThat(table).contains("`num.partitions`", "`cleanup.policy`", "`listeners`", ">= 1");
    }
}
