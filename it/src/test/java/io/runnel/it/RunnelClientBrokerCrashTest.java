package io.runnel.it;

import static io.runnel.it.RunnelClientSupport.receive;
import static io.runnel.it.RunnelClientSupport.values;
import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.client.Consumer;
import io.runnel.client.Message;
import io.runnel.client.RunnelClient;
import io.runnel.client.RunnelClientException;
import io.runnel.client.Schema;
import io.runnel.client.SubscriptionInitialPosition;
import io.runnel.client.SubscriptionType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Runnel client across a kill -9 of the broker (own JVM): one consumer acknowledges part of the messages and
 * closes (which flushes its acknowledgements), another holds messages it never acknowledges when the broker dies.
 * After the restart a new consumer of the same subscription gets every message that was not acknowledged (none is
 * lost) and none that was (nothing accepted twice).
 */
class RunnelClientBrokerCrashTest {
    private static final int MESSAGES = 200;
    private static final int ACKED = 80;
    /** At most one receiver queue: a Shared consumer fetches no more while it holds unacknowledged messages. */
    private static final int HELD = 10;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = SubscriptionType.class, names = {"Exclusive", "Shared"})
    void shouldKeepEveryUnacknowledgedMessageAndNoAcknowledgedOneAcrossKill9(SubscriptionType type)
            throws Exception {
        String topic = "crash-" + type.name().toLowerCase();
        String subscription = "sub-" + type.name().toLowerCase();
        Path data = Files.createDirectories(dir.resolve("data"));
        try (ExternalBroker broker = ExternalBroker.start(data, Map.of("offsets.topic.num.partitions", "3",
                "group.initial.rebalance.delay.ms", "0", "group.share.heartbeat.interval.ms", "500"))) {
            createTopic(broker, topic);
            Set<String> acked = new HashSet<>();
            try (RunnelClient client = client(broker)) {
                RunnelClientSupport.produce(client, topic, 0, MESSAGES);
                try (Consumer<String> first = subscribe(client, type, topic, subscription)) {
                    acked.addAll(values(receive(first, ACKED, Duration.ofSeconds(60), true)));
                }
                assertThat(acked).hasSize(ACKED);
                // Exclusive admits one consumer at a time: the holder comes after the first has closed.
                Consumer<String> holder = subscribe(client, type, topic, subscription);
                List<Message<String>> held = receive(holder, HELD, Duration.ofSeconds(60), false);
                assertThat(values(held)).doesNotContainAnyElementsOf(acked).hasSize(HELD);
                broker.kill9();
                closeAfterCrash(holder);
            }

            broker.start();
            Set<String> expected = IntStream.range(0, MESSAGES).mapToObj(i -> "v" + i)
                    .filter(v -> !acked.contains(v)).collect(Collectors.toSet());
            Set<String> after = new HashSet<>();
            try (RunnelClient client = client(broker);
                 Consumer<String> next = subscribeOnceTheDeadHolderExpired(client, type, topic, subscription)) {
                Awaitility.await("every unacknowledged message after the restart").atMost(Duration.ofSeconds(90))
                        .until(() -> {
                            after.addAll(values(receive(next, MESSAGES, Duration.ofMillis(500), true)));
                            return after.containsAll(expected);
                        });
            }
            assertThat(after).doesNotContainAnyElementsOf(acked);
        }
    }

    private static Consumer<String> subscribe(RunnelClient client, SubscriptionType type, String topic,
                                              String subscription) throws RunnelClientException {
        return client.newConsumer(Schema.STRING).topic(topic).subscriptionName(subscription).subscriptionType(type)
                .receiverQueueSize(10).subscriptionInitialPosition(SubscriptionInitialPosition.Earliest)
                .subscribe();
    }

    /**
     * The holder died with the broker without leaving its group; an Exclusive subscription admits the next consumer
     * once the group has expired that member (its session timeout), a Shared one at once.
     */
    private static Consumer<String> subscribeOnceTheDeadHolderExpired(RunnelClient client, SubscriptionType type,
                                                                      String topic, String subscription) {
        return Awaitility.await("a consumer admitted after the restart").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1)).ignoreExceptionsInstanceOf(
                        RunnelClientException.ConsumerBusyException.class)
                .until(() -> subscribe(client, type, topic, subscription), c -> c != null);
    }

    /** Closes a consumer whose broker was killed: the close may fail, and then there is nothing left to release. */
    private static void closeAfterCrash(Consumer<String> consumer) {
        try {
            consumer.close();
        } catch (RunnelClientException brokerGone) {
            System.err.println("close after kill -9 failed as it may: " + brokerGone);
        }
    }

    private static RunnelClient client(ExternalBroker broker) throws RunnelClientException {
        return RunnelClient.builder().serviceUrl("runnel://" + broker.bootstrapServers())
                .operationTimeout(10, TimeUnit.SECONDS).build();
    }

    private static void createTopic(ExternalBroker broker, String topic) throws Exception {
        Map<String, Object> props = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }
}
