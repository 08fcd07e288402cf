package io.runnel.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogbackDefaultsTest {
    @AfterEach
    void clearProperties() {
        System.clearProperty("RUNNEL_LOG_LEVEL");
        System.clearProperty("logback.configurationFile");
    }

    private static ExecutionStatus configure(LoggerContext context) {
        LogbackDefaults defaults = new LogbackDefaults();
        defaults.setContext(context);
        return defaults.configure(context);
    }

    @Test
    void shouldConfigureTheStderrAppenderAndLevelsOfTheFormerLogbackXml() {
        LoggerContext context = new LoggerContext();
        assertThat(configure(context)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        ConsoleAppender<?> stderr = (ConsoleAppender<?>) root.getAppender("STDERR");
        assertThat(stderr.isStarted()).isTrue();
        assertThat(stderr.getTarget()).isEqualTo("System.err");
        assertThat(((PatternLayoutEncoder) stderr.getEncoder()).getPattern()).isEqualTo(LogbackDefaults.PATTERN);
        assertThat(context.getLogger("org.apache.kafka.clients").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("io.netty.channel").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("io.runnel.broker").getEffectiveLevel()).isEqualTo(Level.INFO);
    }

    @Test
    void shouldTakeTheRootLevelFromRunnelLogLevel() {
        System.setProperty("RUNNEL_LOG_LEVEL", "DEBUG");
        LoggerContext context = new LoggerContext();
        configure(context);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.DEBUG);
    }

    @Test
    void shouldDeferToAConfigurationFileTheUserNames() {
        System.setProperty("logback.configurationFile", "/somewhere/logback.xml");
        LoggerContext context = new LoggerContext();
        assertThat(configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).isNull();
    }

    @Test
    void shouldBeWhatLogbackPicksUpFromTheServiceFile() {
        LoggerContext running = (LoggerContext) LoggerFactory.getILoggerFactory();
        assertThat(running.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).isNotNull();
        assertThat(running.getLogger("io.netty").getLevel()).isEqualTo(Level.WARN);
    }
}
