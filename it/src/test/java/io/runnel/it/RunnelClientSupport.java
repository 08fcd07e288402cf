package io.runnel.it;

import io.runnel.client.Consumer;
import io.runnel.client.Message;
import io.runnel.client.MessageId;
import io.runnel.client.Producer;
import io.runnel.client.RunnelClient;
import io.runnel.client.RunnelClientException;
import io.runnel.client.Schema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;

/** Shared setup of the Runnel client integration tests. */
final class RunnelClientSupport {
    private RunnelClientSupport() {
    }

    static RunnelClient client(RunnelBrokerExtension broker) throws RunnelClientException {
        return RunnelClient.builder().serviceUrl("runnel://" + broker.bootstrapServers())
                .operationTimeout(30, TimeUnit.SECONDS).build();
    }

    /** Receives until {@code count} messages arrived or {@code timeout} passed, acknowledging when asked. */
    static <T> List<Message<T>> receive(Consumer<T> consumer, int count, Duration timeout, boolean acknowledge)
            throws RunnelClientException {
        List<Message<T>> out = new ArrayList<>();
        long deadlineNs = System.nanoTime() + timeout.toNanos();
        while (out.size() < count && System.nanoTime() < deadlineNs) {
            Message<T> m = consumer.receive(200, TimeUnit.MILLISECONDS);
            if (m != null) {
                out.add(m);
                if (acknowledge) {
                    consumer.acknowledge(m);
                }
            }
        }
        return out;
    }

    /** Receives for {@code window}, expecting nothing; returns whatever arrived. */
    static <T> List<Message<T>> receiveNothingFor(Consumer<T> consumer, Duration window) throws RunnelClientException {
        return receive(consumer, Integer.MAX_VALUE, window, false);
    }

    /** Sends "v{from}".."v{from+count-1}" keyed "k{i}"; returns their ids. */
    static List<MessageId> produce(RunnelClient client, String topic, int from, int count)
            throws RunnelClientException {
        List<MessageId> ids = new ArrayList<>();
        try (Producer<String> p = client.newProducer(Schema.STRING).topic(topic).create()) {
            for (int i = from; i < from + count; i++) {
                ids.add(p.newMessage().key("k" + i).value("v" + i).send());
            }
        }
        return ids;
    }

    /** The ids of every group (consumer, classic and share) the broker lists. */
    static Set<String> groupIds(RunnelBrokerExtension broker) throws Exception {
        try (Admin admin = broker.admin()) {
            Set<String> ids = new HashSet<>();
            for (GroupListing g : admin.listGroups().all().get(30, TimeUnit.SECONDS)) {
                ids.add(g.groupId());
            }
            return ids;
        }
    }

    static <T> List<T> values(List<Message<T>> messages) {
        return messages.stream().map(Message::getValue).toList();
    }
}
