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
import io.runnel.client.Producer;
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
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Shared subscriptions of the Runnel client over share groups (KIP-932) with several consumers: every message is
 * accepted once, a consumer closed mid-batch hands its unacknowledged messages to the others, negative acks come
 * back after the delay, the dead-letter topic gets exactly the messages over the limit, non-durable subscriptions
 * leave no group.
 */
class RunnelClientSharedSubscriptionTest {
    @RegisterExtension
    static final RunnelBrokerExtension BROKER = GroupTestSupport.groupBroker()
            .with("group.share.heartbeat.interval.ms", "500");

    private static RunnelClient client;

    @BeforeAll
    static void startClient() throws Exception {
        client = RunnelClientSupport.client(BROKER);
    }

    @AfterAll
    static void closeClient() throws Exception {
        client.close();
    }

    private static Consumer<String> shared(String topic, String subscription, int queueSize)
            throws RunnelClientException {
        return client.newConsumer(Schema.STRING).topic(topic).subscriptionName(subscription)
                .subscriptionType(SubscriptionType.Shared).receiverQueueSize(queueSize)
                .negativeAckRedeliveryDelay(0, TimeUnit.MILLISECONDS)
                .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest).subscribe();
    }

    private static List<MessageId> produce(String topic, int from, int count) throws RunnelClientException {
        return RunnelClientSupport.produce(client, topic, from, count);
    }

    @Test
    void sharedConsumersSplitTheMessagesAndEachIsAcceptedOnce() throws Exception {
        GroupTestSupport.createTopic(BROKER, "work", 1);
        List<Consumer<String>> consumers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            consumers.add(shared("work", "work-sub", 4));
        }
        produce("work", 0, 60);
        List<String> all = new ArrayList<>();
        Map<Consumer<String>, Integer> perConsumer = new HashMap<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            for (Consumer<String> c : consumers) {
                List<Message<String>> got = receive(c, 4, Duration.ofMillis(100), true);
                all.addAll(values(got));
                perConsumer.merge(c, got.size(), Integer::sum);
            }
            return all.size() >= 60;
        });
        for (Consumer<String> c : consumers) {
            all.addAll(values(RunnelClientSupport.receiveNothingFor(c, Duration.ofMillis(500))));
        }
        assertThat(all).containsExactlyInAnyOrderElementsOf(GroupTestSupport.values(0, 60)); // none twice
        assertThat(perConsumer.values().stream().filter(n -> n > 0).count()).isGreaterThan(1);
        assertThatThrownBy(() -> consumers.get(0).acknowledgeCumulative(MessageId.of("work", 0, 1)))
                .isInstanceOf(RunnelClientException.NotSupportedException.class)
                .hasMessageContaining("not available on a Shared subscription");
        for (Consumer<String> c : consumers) {
            c.close();
        }
    }

    @Test
    void aStockShareConsumerAndARunnelConsumerShareOneSubscription() throws Exception {
        GroupTestSupport.createTopic(BROKER, "mixed", 1);
        List<String> all = new ArrayList<>();
        try (Consumer<String> runnel = shared("mixed", "mixed-sub", 4);
             KafkaShareConsumer<String, String> stock = ShareConsumerTest.shareConsumer(BROKER, "mixed-sub", false)) {
            stock.subscribe(List.of("mixed"));
            produce("mixed", 0, 40);
            int[] fromStock = {0};
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                all.addAll(values(receive(runnel, 4, Duration.ofMillis(100), true)));
                for (ConsumerRecord<String, String> r : stock.poll(Duration.ofMillis(100))) {
                    all.add(r.value()); // implicit acknowledgement on the next poll
                    fromStock[0]++;
                }
                return all.size() >= 40;
            });
            stock.commitSync();
            all.addAll(values(RunnelClientSupport.receiveNothingFor(runnel, Duration.ofMillis(500))));
            assertThat(fromStock[0]).isPositive().isLessThan(40);
        }
        assertThat(all).containsExactlyInAnyOrderElementsOf(GroupTestSupport.values(0, 40));
    }

    @Test
    void aConsumerClosedMidBatchHandsItsUnacknowledgedMessagesToTheOthers() throws Exception {
        GroupTestSupport.createTopic(BROKER, "handover", 1);
        produce("handover", 0, 10);
        Consumer<String> first = shared("handover", "handover-sub", 10);
        List<Message<String>> got = receive(first, 10, Duration.ofSeconds(30), false);
        assertThat(got).hasSize(10);
        Set<String> acked = new HashSet<>();
        for (Message<String> m : got.subList(0, 4)) {
            first.acknowledge(m);
            acked.add(m.getValue());
        }
        first.close(); // 6 received, not acknowledged

        try (Consumer<String> second = shared("handover", "handover-sub", 10)) {
            List<Message<String>> again = receive(second, 6, Duration.ofSeconds(30), true);
            Set<String> expected = new HashSet<>(GroupTestSupport.values(0, 10));
            expected.removeAll(acked);
            assertThat(values(again)).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(again).allMatch(m -> m.getRedeliveryCount() == 1);
            assertThat(RunnelClientSupport.receiveNothingFor(second, Duration.ofSeconds(1))).isEmpty();
        }
    }

    @Test
    void negativelyAcknowledgedMessagesComeBackAfterTheDelay() throws Exception {
        GroupTestSupport.createTopic(BROKER, "shared-nack", 1);
        produce("shared-nack", 0, 3);
        long delayMs = 1500;
        try (Consumer<String> c = client.newConsumer(Schema.STRING).topic("shared-nack")
                .subscriptionName("shared-nack-sub").subscriptionType(SubscriptionType.Shared)
                .negativeAckRedeliveryDelay(delayMs, TimeUnit.MILLISECONDS)
                .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest).subscribe()) {
            List<Message<String>> got = receive(c, 3, Duration.ofSeconds(30), false);
            assertThat(values(got)).containsExactlyInAnyOrder("v0", "v1", "v2");
            long nackedAtNs = System.nanoTime();
            for (Message<String> m : got) {
                if (m.getValue().equals("v1")) {
                    c.negativeAcknowledge(m);
                } else {
                    c.acknowledge(m);
                }
            }
            Message<String> again = c.receive(30, TimeUnit.SECONDS);
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nackedAtNs);
            assertThat(again.getValue()).isEqualTo("v1");
            assertThat(again.getRedeliveryCount()).isEqualTo(1);
            assertThat(elapsedMs).isGreaterThanOrEqualTo(delayMs);
            c.acknowledge(again);
            assertThat(RunnelClientSupport.receiveNothingFor(c, Duration.ofSeconds(1))).isEmpty();
        }
    }

    @Test
    void deadLetterTopicReceivesExactlyTheMessagesOverTheLimit() throws Exception {
        GroupTestSupport.createTopic(BROKER, "jobs", 1);
        produce("jobs", 0, 6);
        int maxRedeliver = 2;
        Map<String, Integer> deliveries = new HashMap<>();
        try (Consumer<String> c = client.newConsumer(Schema.STRING).topic("jobs").subscriptionName("jobs-sub")
                .subscriptionType(SubscriptionType.Shared)
                .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest)
                .negativeAckRedeliveryDelay(0, TimeUnit.MILLISECONDS)
                .deadLetterPolicy(DeadLetterPolicy.builder().maxRedeliverCount(maxRedeliver).build())
                .subscribe()) {
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
                return deliveries.size() == 6 && deliveries.values().stream().allMatch(n -> n >= 2)
                        && deliveries.get("v1") == maxRedeliver + 1 && deliveries.get("v4") == maxRedeliver + 1;
            });
            assertThat(RunnelClientSupport.receiveNothingFor(c, Duration.ofSeconds(1))).isEmpty();
        }
        assertThat(deliveries).containsEntry("v0", 2).containsEntry("v1", 3).containsEntry("v4", 3);
        try (Reader<String> dlq = client.newReader(Schema.STRING).topic("dlq.jobs-jobs-sub")
                .startMessageId(MessageId.earliest).create()) {
            List<Message<String>> dead = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                Message<String> m = dlq.readNext(200, TimeUnit.MILLISECONDS);
                if (m != null) {
                    dead.add(m);
                }
                return dead.size() >= 2;
            });
            assertThat(dlq.hasMessageAvailable()).isFalse();
            assertThat(values(dead)).containsExactlyInAnyOrder("v1", "v4");
            assertThat(dead).allMatch(m -> m.getKey().equals("k" + m.getValue().substring(1)));
            assertThat(dead).allSatisfy(m -> assertThat(m.getProperties())
                    .containsEntry(MessageHeaders.DLQ_ORIGIN_TOPIC, "jobs")
                    .containsEntry(MessageHeaders.DLQ_SUBSCRIPTION, "jobs-sub")
                    .containsEntry(MessageHeaders.DLQ_DELIVERY_COUNT, Integer.toString(maxRedeliver + 1))
                    .containsEntry(MessageHeaders.DLQ_REASON, MessageHeaders.DLQ_REASON_DELIVERY_LIMIT));
        }
    }

    @Test
    void nonDurableSharedSubscriptionsLeaveNoGroupBehind() throws Exception {
        GroupTestSupport.createTopic(BROKER, "shared-ephemeral", 1);
        produce("shared-ephemeral", 0, 5);
        Consumer<String> c = client.newConsumer(Schema.STRING).topic("shared-ephemeral")
                .subscriptionName("shared-ephemeral-sub").subscriptionType(SubscriptionType.Shared)
                .subscriptionMode(SubscriptionMode.NonDurable)
                .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest).subscribe();
        assertThat(values(receive(c, 5, Duration.ofSeconds(30), true)))
                .containsExactlyInAnyOrderElementsOf(GroupTestSupport.values(0, 5));
        assertThat(RunnelClientSupport.groupIds(BROKER)).contains("shared-ephemeral-sub");
        c.close();
        assertThat(RunnelClientSupport.groupIds(BROKER)).doesNotContain("shared-ephemeral-sub");
    }

    @Test
    void keySharedConsumersGetEachKeyInOrderAndSpreadTheKeys() throws Exception {
        GroupTestSupport.createTopic(BROKER, "keyed", 1);
        List<Consumer<String>> consumers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            consumers.add(client.newConsumer(Schema.STRING).topic("keyed").subscriptionName("keyed-sub")
                    .subscriptionType(SubscriptionType.KeyShared).receiverQueueSize(5)
                    .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest).subscribe());
        }
        int keys = 8;
        int perKey = 10;
        try (Producer<String> p = client.newProducer(Schema.STRING).topic("keyed").create()) {
            for (int seq = 0; seq < perKey; seq++) {
                for (int k = 0; k < keys; k++) {
                    p.newMessage().key("key" + k).value("key" + k + "#" + seq).send();
                }
            }
        }
        Map<String, List<Integer>> sequenceByKey = new HashMap<>();
        Map<Consumer<String>, Set<String>> keysByConsumer = new HashMap<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            for (Consumer<String> c : consumers) {
                for (Message<String> m : receive(c, 5, Duration.ofMillis(100), true)) {
                    sequenceByKey.computeIfAbsent(m.getKey(), k -> new ArrayList<>())
                            .add(Integer.parseInt(m.getValue().substring(m.getValue().indexOf('#') + 1)));
                    keysByConsumer.computeIfAbsent(c, x -> new HashSet<>()).add(m.getKey());
                }
            }
            return sequenceByKey.values().stream().mapToInt(List::size).sum() >= keys * perKey;
        });
        List<Integer> inOrder = new ArrayList<>();
        for (int seq = 0; seq < perKey; seq++) {
            inOrder.add(seq);
        }
        assertThat(sequenceByKey).hasSize(keys);
        sequenceByKey.values().forEach(seqs -> assertThat(seqs).containsExactlyElementsOf(inOrder));
        assertThat(keysByConsumer).hasSize(2); // keys spread over both consumers
        for (Consumer<String> c : consumers) {
            c.close();
        }
    }

    @Test
    void delayedMessagesAreNotDeliveredBeforeTheirTime() throws Exception {
        GroupTestSupport.createTopic(BROKER, "later", 1);
        long deliverAtMs;
        try (Consumer<String> c = shared("later", "later-sub", 10);
             Producer<String> p = client.newProducer(Schema.STRING).topic("later").create()) {
            p.newMessage().value("delayed").deliverAfter(2, TimeUnit.SECONDS).send();
            p.send("now");
            Message<String> first = c.receive(30, TimeUnit.SECONDS);
            assertThat(first.getValue()).isEqualTo("now");
            c.acknowledge(first);
            Message<String> second = c.receive(30, TimeUnit.SECONDS);
            long receivedAtMs = System.currentTimeMillis();
            assertThat(second.getValue()).isEqualTo("delayed");
            deliverAtMs = Long.parseLong(second.getProperty(MessageHeaders.DELIVER_AT));
            assertThat(receivedAtMs).isGreaterThanOrEqualTo(deliverAtMs);
            c.acknowledge(second);
        }
    }

}
