package io.runnel.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * runnel.jar's logging set-up, in code rather than a {@code logback.xml}: the XML configurator parses with
 * Joran (about 150 classes and a SAX parse) at every start, a measurable share of start-to-listening
 * (docs/decisions/0042-startup-path.md). Same result as the former file: one stderr appender, root at
 * {@code RUNNEL_LOG_LEVEL} (system property or environment variable; default INFO), Kafka and Netty at WARN.
 *
 * <p>A user's own configuration still wins: with {@code -Dlogback.configurationFile=...}, or a
 * {@code logback-test.xml}/{@code logback.xml} on the class path, this defers to logback's own configurators.
 *
 * <p>Found through {@code META-INF/services/ch.qos.logback.classic.spi.Configurator}; called once by logback.
 */
public final class LogbackDefaults extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        ClassLoader loader = LogbackDefaults.class.getClassLoader();
        if (System.getProperty("logback.configurationFile") != null || loader.getResource("logback-test.xml") != null
                || loader.getResource("logback.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(rootLevel(), Level.INFO));
        root.addAppender(stderr);
        context.getLogger("org.apache.kafka").setLevel(Level.WARN);
        context.getLogger("io.netty").setLevel(Level.WARN);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static String rootLevel() {
        String level = System.getProperty("RUNNEL_LOG_LEVEL");
        return level != null ? level : System.getenv("RUNNEL_LOG_LEVEL");
    }
}
