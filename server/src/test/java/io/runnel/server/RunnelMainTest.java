package io.runnel.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RunnelMainTest {
    @Test
    void shouldGiveTheStartUpPathTheSameServerCommandAsTheFullTree() {
        CommandLine fast = RunnelMain.serverCommandLine();
        CommandLine full = RunnelMain.commandLine().getSubcommands().get("server");
        assertThat(fast.getCommandSpec().options()).extracting(o -> o.longestName())
                .containsExactlyElementsOf(full.getCommandSpec().options().stream().map(o -> o.longestName()).toList());
        assertThat(fast.getUsageMessage()).startsWith("Usage: runnel server ");
        assertThat(full.getUsageMessage()).startsWith("Usage: runnel server ");
    }

    @Test
    void shouldAnswerBadUsageOfTheServerWithExitCodeTwo() {
        CommandLine fast = RunnelMain.serverCommandLine();
        StringWriter err = new StringWriter();
        fast.setErr(new PrintWriter(err));
        assertThat(fast.execute("--no-such-option")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--no-such-option'").contains("Usage: runnel server");
    }

    @Test
    void shouldTurnNettysJfrEventsOffForTheServerUnlessTheOperatorSetThem() {
        String key = "io.netty.jfr.enabled";
        String before = System.getProperty(key);
        try {
            System.clearProperty(key);
            RunnelMain.disableNettyJfrEventsUnlessSet();
            assertThat(System.getProperty(key)).isEqualTo("false");

            System.setProperty(key, "true");
            RunnelMain.disableNettyJfrEventsUnlessSet();
            assertThat(System.getProperty(key)).isEqualTo("true");
        } finally {
            if (before == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before);
            }
        }
    }

    @Test
    void shouldDisableNettyLeakSamplingForTheServerUnlessTheOperatorSetALevel() {
        String key = "io.netty.leakDetection.level";
        String before = System.getProperty(key);
        try {
            System.clearProperty(key);
            RunnelMain.disableBufferLeakSamplingUnlessSet();
            assertThat(System.getProperty(key)).isEqualTo("disabled");

            System.setProperty(key, "paranoid");
            RunnelMain.disableBufferLeakSamplingUnlessSet();
            assertThat(System.getProperty(key)).isEqualTo("paranoid");
        } finally {
            if (before == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before);
            }
        }
    }
}
