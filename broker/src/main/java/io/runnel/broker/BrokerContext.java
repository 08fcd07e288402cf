package io.runnel.broker;

import io.runnel.broker.api.ApiHandlerRegistry;
import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.metadata.MetadataService;
import io.runnel.broker.security.Authorizer;
import io.runnel.broker.security.NameMapper;
import io.runnel.common.Time;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What a {@link BrokerModule} gets to plug in: config, clock, the handler registry, the metadata service (image,
 * listeners, topic creation), executors, and the security seams. Immutable.
 *
 * @param topicConfigs  topic keys, broker defaults and overrides: {@code topicConfigs.logConfig(topic.configs())} is
 *                      a topic's storage config
 * @param ioExecutor    the request executor ({@code num.io.threads}); the same one handlers see in
 *                      {@link io.runnel.broker.api.RequestContext#ioExecutor()}
 * @param scheduler     one thread for periodic housekeeping (never for per-request waits: use the timer wheel)
 */
public record BrokerContext(BrokerConfig config, Time time, Path logDir, TopicConfigs topicConfigs, ApiHandlerRegistry handlers, MetadataService metadata, ExecutorService ioExecutor,
        ScheduledExecutorService scheduler, Authorizer authorizer, NameMapper names) {
}
