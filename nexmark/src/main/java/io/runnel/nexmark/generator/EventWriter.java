package io.runnel.nexmark.generator;

import io.runnel.nexmark.NexmarkTopics;
import io.runnel.nexmark.model.Auction;
import io.runnel.nexmark.model.Bid;
import io.runnel.nexmark.model.Event;
import io.runnel.nexmark.model.Person;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes generated events to the three Nexmark topics (created with the given partition count when missing), each
 * record keyed by {@link Event#key()} with timestamp = dateTime, either as fast as the producer goes or paced to a
 * fixed rate (event i is sent no earlier than start + i / rate). Used by one thread.
 */
public final class EventWriter {
    /** Counts of what was written. */
    public record Summary(long persons, long auctions, long bids, long elapsedMs) {
        public long events() {
            return persons + auctions + bids;
        }
    }

    private final String bootstrap;
    private final int partitions;
    private final String personTopic;
    private final String auctionTopic;
    private final String bidTopic;

    /** Writes to {@code <topicPrefix>person}, {@code auction} and {@code bid}. */
    public EventWriter(String bootstrap, int partitions, String topicPrefix) {
        this.bootstrap = bootstrap;
        this.partitions = partitions;
        this.personTopic = topicPrefix + "person";
        this.auctionTopic = topicPrefix + "auction";
        this.bidTopic = topicPrefix + "bid";
    }

    /** Creates the topics that do not exist yet. */
    public void createTopics() throws InterruptedException, ExecutionException, TimeoutException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String t : List.of(personTopic, auctionTopic, bidTopic)) {
                if (!existing.contains(t)) {
                    missing.add(new NewTopic(t, partitions, (short) 1));
                }
            }
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Writes events [0, count); {@code ratePerSecond <= 0}: as fast as possible. */
    public Summary write(NexmarkGenerator generator, long count, double ratePerSecond) throws InterruptedException {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, ratePerSecond > 0 ? 1 : 10);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        long[] counts = new long[3];
        AtomicReference<Exception> failure = new AtomicReference<>();
        long startNs = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (long i = 0; i < count && failure.get() == null; i++) {
                if (ratePerSecond > 0) {
                    long dueNs = startNs + (long) (i * 1e9 / ratePerSecond);
                    long waitNs = dueNs - System.nanoTime();
                    if (waitNs > 0) {
                        LockSupport.parkNanos(waitNs);
                    }
                    if (Thread.interrupted()) {
                        throw new InterruptedException("interrupted after " + i + " events");
                    }
                }
                Event e = generator.event(i);
                String topic;
                byte[] value;
                if (e instanceof Person person) {
                    topic = personTopic;
                    value = NexmarkTopics.PERSON_SERDE.serialize(person);
                    counts[0]++;
                } else if (e instanceof Auction auction) {
                    topic = auctionTopic;
                    value = NexmarkTopics.AUCTION_SERDE.serialize(auction);
                    counts[1]++;
                } else {
                    topic = bidTopic;
                    value = NexmarkTopics.BID_SERDE.serialize((Bid) e);
                    counts[2]++;
                }
                producer.send(new ProducerRecord<>(topic, null, e.dateTime(),
                        Long.toString(e.key()).getBytes(StandardCharsets.UTF_8), value), (md, ex) -> {
                            if (ex != null) {
                                failure.compareAndSet(null, ex);
                            }
                        });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("writing Nexmark events failed", failure.get());
        }
        return new Summary(counts[0], counts[1], counts[2], (System.nanoTime() - startNs) / 1_000_000);
    }
}
