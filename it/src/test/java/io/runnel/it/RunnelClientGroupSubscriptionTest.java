package io.runnel.it;

import static io.runnel.it.RunnelClientSupport.receive;
import static io.runnel.it.RunnelClientSupport.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.runnel.client.Consumer;
import io.runnel.client.DeadLetterPolicy;
import io.runnel.client.Message;
import io.runnel.client.MessageHeaders;
import io.runnel.client.MessageId;
import io.runnel.client.Reader;
import io.runnel.client.RunnelClient;
import io.runnel.client.RunnelClientException;
import io.runnel.client.Schema;
import io.runnel.client.SubscriptionInitialPosition;
import io.runnel.client.SubscriptionMode;
import io.runnel.client.SubscriptionType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exclusive, Failover and NonDurable subscriptions of the Runnel client over consumer groups, with two or more
 * consumers and failures: a second exclusive consumer is refused (also when several race), a failover standby takes
 * over, unacknowledged messages (only those) go to the next consumer, negative acks come back after the delay, and
 * dead letters are exactly the messages over the redelivery limit.
 */
class RunnelClientGroupSubscriptionTest {
    @RegisterExtension
    static final RunnelBrokerExtension BROKER = GroupTestSupport.groupBroker();

    private static RunnelClient client;

    @BeforeAll
    static void startClient() throws Exception {
        client = RunnelClientSupport.client(BROKER);
    }

    @AfterAll
    static void closeClient() throws Exception {
        client.close();
    }

    private static Consumer<String> subscribe(String topic, String subscription, SubscriptionType type)
            throws RunnelClientException {
        return client.newConsumer(Schema.STRING).topic(topic).subscriptionName(subscription).subscriptionType(type)
                .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest).subscribe();
    }

    private static List<MessageId> produce(String topic, int from, int count) throws RunnelClientException {
        return RunnelClientSupport.produce(client, topic, from, count);
    }

    @Test
    void exclusiveRefusesASecondConsumerUntilTheFirstCloses() throws Exception {
        GroupTestSupport.createTopic(BROKER, "excl", 2);
        produce("excl", 0, 10);
        Consumer<String> first = subscribe("excl", "excl-sub", SubscriptionType.Exclusive);
        assertThatThrownBy(() -> subscribe("excl", "excl-sub", SubscriptionType.Exclusive))
                .isInstanceOf(RunnelClientException.ConsumerBusyException.class)
                .hasMessageContaining("subscription 'excl-sub' already has a consumer");
        assertThatThrownBy(() -> subscribe("excl", "excl-sub", SubscriptionType.Failover))
                .isInstanceOf(RunnelClientException.ConsumerBusyException.class)
                .hasMessageContaining("in use with another subscription type");
        List<Message<String>> got = receive(first, 10, Duration.ofSeconds(30), false);
        assertThat(values(got)).containsExactlyInAnyOrderElementsOf(GroupTestSupport.values(0, 10));
        for (Message<String> m : got.subList(0, 6)) {
            first.acknowledge(m);
        }
        Set<String> unacked = new HashSet<>(values(got.subList(6, 10)));
        first.close();

        try (Consumer<String> second = subscribe("excl", "excl-sub", SubscriptionType.Exclusive)) {
            List<Message<String>> again = receive(second, 4, Duration.ofSeconds(30), true);
            assertThat(values(again)).containsExactlyInAnyOrderElementsOf(unacked);
            assertThat(RunnelClientSupport.receiveNothingFor(second, Duration.ofSeconds(1))).isEmpty();
        }
    }

    @Test
    void exclusiveAdmitsExactlyOneOfSeveralRacingConsumers() throws Exception {
        GroupTestSupport.createTopic(BROKER, "excl-race", 1);
        int racers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Consumer<String>>> attempts = new ArrayList<>();
        try {
            for (int i = 0; i < racers; i++) {
                Callable<Consumer<String>> attempt = () -> {
                    go.await();
                    return subscribe("excl-race", "excl-race-sub", SubscriptionType.Exclusive);
                };
                attempts.add(pool.submit(attempt));
            }
            go.countDown();
            List<Consumer<String>> admitted = new ArrayList<>();
            int refused = 0;
            for (Future<Consumer<String>> f : attempts) {
                try {
                    admitted.add(f.get(60, TimeUnit.SECONDS));
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(RunnelClientException.ConsumerBusyException.class);
                    refused++;
                }
            }
            assertThat(admitted).hasSize(1);
            assertThat(refused).isEqualTo(racers - 1);
            admitted.get(0).close();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void failoverKeepsOneActiveConsumerPerPartitionAndStandbysTakeOver() throws Exception {
        GroupTestSupport.createTopic(BROKER, "failover", 2);
        List<Consumer<String>> consumers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            consumers.add(subscribe("failover", "failover-sub", SubscriptionType.Failover));
        }
        produce("failover", 0, 20);
        Map<Integer, Set<Consumer<String>>> ownersByPartition = new HashMap<>();
        Set<String> seen = new HashSet<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            for (Consumer<String> c : consumers) {
                for (Message<String> m : receive(c, 100, Duration.ofMillis(100), true)) {
                    seen.add(m.getValue());
                    ownersByPartition.computeIfAbsent(m.getMessageId().partition(), p -> new HashSet<>()).add(c);
                }
            }
            return seen.size() == 20;
        });
        assertThat(ownersByPartition).hasSize(2);
        ownersByPartition.values().forEach(owners -> assertThat(owners).hasSize(1));
        Set<Consumer<String>> active = new HashSet<>();
        ownersByPartition.values().forEach(active::addAll);
        Consumer<String> leaving = ownersByPartition.get(0).iterator().next();
        leaving.close();
        consumers.remove(leaving);

        produce("failover", 20, 20);
        Set<String> after = new HashSet<>();
        Map<Integer, Set<Consumer<String>>> newOwners = new HashMap<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            for (Consumer<String> c : consumers) {
                for (Message<String> m : receive(c, 100, Duration.ofMillis(100), true)) {
                    after.add(m.getValue());
                    newOwners.computeIfAbsent(m.getMessageId().partition(), p -> new HashSet<>()).add(c);
                }
            }
            return after.containsAll(GroupTestSupport.values(20, 20));
        });
        assertThat(after).containsExactlyInAnyOrderElementsOf(GroupTestSupport.values(20, 20)); // no acked redelivered
        assertThat(newOwners.get(0)).hasSize(1).doesNotContain(leaving);
        for (Consumer<String> c : consumers) {
            c.close();
        }
    }

    @Test
    void negativelyAcknowledgedMessagesComeBackAfterTheDelay() throws Exception {
        GroupTestSupport.createTopic(BROKER, "nack", 1);
        produce("nack", 0, 5);
        long delayMs = 1500;
        try (Consumer<String> c = client.newConsumer(Schema.STRING).topic("nack").subscriptionName("nack-sub")
                .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest)
                .negativeAckRedeliveryDelay(delayMs, TimeUnit.MILLISECONDS).subscribe()) {
            List<Message<String>> first = receive(c, 5, Duration.ofSeconds(30), false);
            assertThat(values(first)).containsExactlyElementsOf(GroupTestSupport.values(0, 5));
            long nackedAtNs = System.nanoTime();
            c.negativeAcknowledge(first.get(1));
            c.negativeAcknowledge(first.get(3).getMessageId());
            for (int i : new int[] {0, 2, 4}) {
                c.acknowledge(first.get(i));
            }
            List<Message<String>> again = receive(c, 2, Duration.ofSeconds(30), true);
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nackedAtNs);
            assertThat(values(again)).containsExactlyInAnyOrder("v1", "v3");
            assertThat(again).allMatch(m -> m.getRedeliveryCount() == 1);
            assertThat(elapsedMs).isGreaterThanOrEqualTo(delayMs);
            assertThat(RunnelClientSupport.receiveNothingFor(c, Duration.ofSeconds(1))).isEmpty();
        }
        assertThat(committedOffsets("nack-sub", "nack", 1)).containsExactly(5L);
    }

    @Test
    void cumulativeAcknowledgementCommitsEverythingUpToTheMessage() throws Exception {
        GroupTestSupport.createTopic(BROKER, "cumulative", 1);
        produce("cumulative", 0, 10);
        try (Consumer<String> c = subscribe("cumulative", "cumulative-sub", SubscriptionType.Failover)) {
            List<Message<String>> got = receive(c, 10, Duration.ofSeconds(30), false);
            c.acknowledgeCumulative(got.get(6));
            await().atMost(Duration.ofSeconds(30)).until(() -> committedOffsets("cumulative-sub", "cumulative", 1)
                    .equals(List.of(7L)));
        }
        try (Consumer<String> c = subscribe("cumulative", "cumulative-sub", SubscriptionType.Exclusive)) {
            assertThat(values(receive(c, 3, Duration.ofSeconds(30), true))).containsExactly("v7", "v8", "v9");
        }
    }

    @Test
    void unacknowledgedMessagesAfterAckedOnesAreTheOnlyOnesRedelivered() throws Exception {
        GroupTestSupport.createTopic(BROKER, "holes", 1);
        produce("holes", 0, 10);
        try (Consumer<String> c = subscribe("holes", "holes-sub", SubscriptionType.Exclusive)) {
            List<Message<String>> got = receive(c, 10, Duration.ofSeconds(30), false);
            for (int i = 0; i < 10; i += 2) {
                c.acknowledge(got.get(i)); // acks 0,2,4,6,8: holes at 1,3,5,7,9
            }
        }
        try (Consumer<String> c = subscribe("holes", "holes-sub", SubscriptionType.Exclusive)) {
            List<Message<String>> again = receive(c, 5, Duration.ofSeconds(30), false);
            assertThat(values(again)).containsExactly("v1", "v3", "v5", "v7", "v9");
            assertThat(RunnelClientSupport.receiveNothingFor(c, Duration.ofSeconds(1))).isEmpty();
            c.acknowledge(again.get(0));
        }
        assertThat(committedOffsets("holes-sub", "holes", 1)).containsExactly(3L);
    }

    @Test
    void ackTimeoutRedeliversMessagesThatWereNotAcknowledged() throws Exception {
        GroupTestSupport.createTopic(BROKER, "ack-timeout", 1);
        produce("ack-timeout", 0, 2);
        try (Consumer<String> c = client.newConsumer(Schema.STRING).topic("ack-timeout")
                .subscriptionName("ack-timeout-sub").ackTimeout(1, TimeUnit.SECONDS)
                .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest).subscribe()) {
            List<Message<String>> got = receive(c, 2, Duration.ofSeconds(30), false);
            c.acknowledge(got.get(0));
            Message<String> again = c.receive(30, TimeUnit.SECONDS);
            assertThat(again.getValue()).isEqualTo("v1");
            assertThat(again.getRedeliveryCount()).isEqualTo(1);
            c.acknowledge(again);
        }
    }

    @Test
    void deadLetterTopicReceivesExactlyTheMessagesOverTheLimit() throws Exception {
        GroupTestSupport.createTopic(BROKER, "orders", 1);
        GroupTestSupport.createTopic(BROKER, "orders-dlq", 1);
        List<MessageId> ids = produce("orders", 0, 6);
        int maxRedeliver = 2;
        Map<String, Integer> deliveries = new HashMap<>();
        try (Consumer<String> c = client.newConsumer(Schema.STRING).topic("orders").subscriptionName("orders-sub")
                .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest)
                .negativeAckRedeliveryDelay(100, TimeUnit.MILLISECONDS)
                .deadLetterPolicy(DeadLetterPolicy.builder().maxRedeliverCount(maxRedeliver)
                        .deadLetterTopic("orders-dlq").build())
                .subscribe()) {
            // v1 and v4 always fail; the others succeed on their second delivery.
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                Message<String> m = c.receive(200, TimeUnit.MILLISECONDS);
                if (m != null) {
                    int n = deliveries.merge(m.getValue(), 1, Integer::sum);
                    assertThat(m.getRedeliveryCount()).isEqualTo(n - 1);
                    boolean poison = m.getValue().equals("v1") || m.getValue().equals("v4");
                    if (poison || n == 1) {
                        c.negativeAcknowledge(m);
                    } else {
                        c.acknowledge(m);
                    }
                }
                return deliveries.size() == 6 && deliveries.get("v1") == maxRedeliver + 1
                        && deliveries.get("v4") == maxRedeliver + 1
                        && committedOffsets("orders-sub", "orders", 1).equals(List.of(6L));
            });
            assertThat(RunnelClientSupport.receiveNothingFor(c, Duration.ofSeconds(1))).isEmpty();
        }
        assertThat(deliveries).containsEntry("v0", 2).containsEntry("v1", 3).containsEntry("v4", 3);
        try (Reader<String> dlq = client.newReader(Schema.STRING).topic("orders-dlq")
                .startMessageId(MessageId.earliest).create()) {
            List<Message<String>> dead = new ArrayList<>();
            while (dlq.hasMessageAvailable()) {
                dead.add(dlq.readNext(30, TimeUnit.SECONDS));
            }
            assertThat(values(dead)).containsExactly("v1", "v4");
            Message<String> v4 = dead.get(1);
            assertThat(v4.getKey()).isEqualTo("k4");
            assertThat(v4.getProperties())
                    .containsEntry(MessageHeaders.DLQ_ORIGIN_TOPIC, "orders")
                    .containsEntry(MessageHeaders.DLQ_ORIGIN_PARTITION, "0")
                    .containsEntry(MessageHeaders.DLQ_ORIGIN_OFFSET, Long.toString(ids.get(4).offset()))
                    .containsEntry(MessageHeaders.DLQ_DELIVERY_COUNT, "3")
                    .containsEntry(MessageHeaders.DLQ_SUBSCRIPTION, "orders-sub")
                    .containsEntry(MessageHeaders.DLQ_REASON, MessageHeaders.DLQ_REASON_DELIVERY_LIMIT);
        }
    }

    @Test
    void nonDurableSubscriptionsLeaveNoGroupBehind() throws Exception {
        GroupTestSupport.createTopic(BROKER, "ephemeral", 2);
        produce("ephemeral", 0, 10);
        for (SubscriptionType type : List.of(SubscriptionType.Exclusive, SubscriptionType.Failover)) {
            String sub = "ephemeral-" + type;
            Consumer<String> a = client.newConsumer(Schema.STRING).topic("ephemeral").subscriptionName(sub)
                    .subscriptionType(type).subscriptionMode(SubscriptionMode.NonDurable)
                    .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest).subscribe();
            assertThat(values(receive(a, 10, Duration.ofSeconds(30), true)))
                    .containsExactlyInAnyOrderElementsOf(GroupTestSupport.values(0, 10));
            assertThat(RunnelClientSupport.groupIds(BROKER)).contains(sub);
            a.close();
            assertThat(RunnelClientSupport.groupIds(BROKER)).doesNotContain(sub);
        }
    }

    @Test
    void unsubscribeDeletesTheSubscriptionUnlessOthersUseIt() throws Exception {
        GroupTestSupport.createTopic(BROKER, "unsub", 1);
        produce("unsub", 0, 3);
        Consumer<String> a = subscribe("unsub", "unsub-sub", SubscriptionType.Failover);
        Consumer<String> b = subscribe("unsub", "unsub-sub", SubscriptionType.Failover);
        await().atMost(Duration.ofSeconds(30)).until(() -> receive(a, 3, Duration.ofMillis(200), true).size()
                + receive(b, 3, Duration.ofMillis(200), true).size() > 0);
        assertThatThrownBy(a::unsubscribe).hasMessageContaining("other consumers are still connected");
        b.unsubscribe();
        assertThat(RunnelClientSupport.groupIds(BROKER)).doesNotContain("unsub-sub");
        assertThatThrownBy(() -> b.receive(1, TimeUnit.SECONDS))
                .isInstanceOf(RunnelClientException.AlreadyClosedException.class);
    }

    @Test
    void badConsumerOptionsAreRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> client.newConsumer(Schema.STRING).subscriptionName("x").subscribe())
                .hasMessageContaining("needs a topic");
        assertThatThrownBy(() -> client.newConsumer(Schema.STRING).topic("x").subscribe())
                .hasMessageContaining("needs a subscription");
        assertThatThrownBy(() -> client.newConsumer(Schema.STRING).topic("x").subscriptionName("s")
                .ackTimeout(10, TimeUnit.MILLISECONDS).subscribe())
                .hasMessageContaining("ackTimeout must be 0 (off) or at least 1 s");
    }


    private static List<Long> committedOffsets(String group, String topic, int partitions) throws Exception {
        try (Admin admin = BROKER.admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            List<Long> out = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                OffsetAndMetadata om = offsets.get(new TopicPartition(topic, p));
                out.add(om == null ? -1L : om.offset());
            }
            return out;
        }
    }
}
