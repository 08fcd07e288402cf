package io.runnel.broker.config;

/**
 * Renders docs/config-broker.md from {@link BrokerConfig#DEF}: the one place broker keys are documented. A test
 * fails when the checked-in file is stale. Stateless.
 */
public final class BrokerConfigDoc {
    private BrokerConfigDoc() {
    }

    public static String render() {
        return "# Broker configuration\n\n"
                + "<!-- Generated from BrokerConfig.DEF by BrokerConfigDocTest; do not edit by hand. Regenerate with\n"
                + "     mvn -q -pl broker -am test -Dtest=BrokerConfigDocTest -Dsurefire.failIfNoSpecifiedTests=false "
                + "-Drunnel.docs.write=true -->\n\n"
                + "Set keys in a properties file (`./runnel server --config FILE`) or one by one "
                + "(`--override key=value`, repeatable, applied after the file). Kafka's names where the concept is "
                + "Kafka's; `runnel.` for Runnel's own. A bad value stops the server with one line naming the key and "
                + "what it accepts (exit code 2). Topic-level keys (`retention.ms`, ...) take their defaults from the "
                + "`log.*` keys here and can be overridden per topic with CreateTopics or (Incremental)AlterConfigs.\n\n"
                + BrokerConfig.DEF.toMarkdownTable();
    }
}
