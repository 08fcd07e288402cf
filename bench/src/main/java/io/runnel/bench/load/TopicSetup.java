package io.runnel.bench.load;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Makes sure the benchmark topic exists (creating it with the requested partitions, replication factor 1) and
 * that every partition has a leader before load starts. Also deletes topics for the compare harness.
 * Every wait is bounded by {@code timeoutMs}. Used from one thread at a time.
 */
public final class TopicSetup implements AutoCloseable {

    private static final long POLL_NS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Admin admin;
    private final long timeoutMs;

    public TopicSetup(String bootstrap, Map<String, String> clientProperties, long timeoutMs) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "runnel-bench-admin");
        // The admin client insists on default.api.timeout.ms >= request.timeout.ms.
        int apiTimeoutMs = (int) Math.min(Integer.MAX_VALUE, timeoutMs);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(apiTimeoutMs, 30_000));
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, apiTimeoutMs);
        p.putAll(clientProperties);
        this.admin = Admin.create(p);
        this.timeoutMs = timeoutMs;
    }

    /**
     * Returns the topic's partition count, creating the topic first when {@code create} and it is missing.
     *
     * @throws BenchException when the topic is missing and may not be created, or the broker does not answer
     */
    public int ensureTopic(String topic, int partitions, boolean create) {
        long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        if (describe(topic, deadlineNs) == null) {
            if (!create) {
                throw new BenchException("topic '" + topic + "' does not exist");
            }
            try {
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                        .all().get(remainingMs(deadlineNs), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new BenchException("cannot create topic '" + topic + "': " + e.getCause(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw new BenchException("timed out creating topic '" + topic + "'", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BenchException("interrupted creating topic '" + topic + "'", e);
            }
        }
        // Metadata may lag creation: wait until every partition is visible with a leader.
        while (System.nanoTime() < deadlineNs) {
            TopicDescription d = describe(topic, deadlineNs);
            if (d != null && !d.partitions().isEmpty() && d.partitions().stream().allMatch(TopicSetup::hasLeader)) {
                return d.partitions().size();
            }
            LockSupport.parkNanos(POLL_NS);
        }
        throw new BenchException("topic '" + topic + "' has no leader for every partition after " + timeoutMs + " ms");
    }

    /** Deletes the topics if they exist; bounded by the timeout. */
    public void deleteTopics(List<String> topics) {
        try {
            admin.deleteTopics(topics).all().get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw new BenchException("cannot delete topics " + topics + ": " + e.getCause(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new BenchException("timed out deleting topics " + topics, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted deleting topics", e);
        }
    }

    private TopicDescription describe(String topic, long deadlineNs) {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(remainingMs(deadlineNs), TimeUnit.MILLISECONDS).get(topic);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw new BenchException("cannot describe topic '" + topic + "': " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new BenchException("broker did not answer describeTopics within " + timeoutMs + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted describing topic '" + topic + "'", e);
        }
    }

    private static boolean hasLeader(TopicPartitionInfo p) {
        return p.leader() != null && !p.leader().isEmpty();
    }

    private static long remainingMs(long deadlineNs) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNs - System.nanoTime()));
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
