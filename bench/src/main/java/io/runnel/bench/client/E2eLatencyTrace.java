package io.runnel.bench.client;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A per-record trace of the e2e workload, to see <em>when</em> the slow records of a run happen: one producer
 * thread sends 1 KiB records at a fixed rate (acks=1) to partition 0 of an existing topic while a consumer reads it
 * from the end; every record's intended send time, the return of {@code send}, its ack and its arrival at the
 * consumer are kept in arrays (no per-record allocation of the tool's own) and written as CSV at the end, with a
 * summary on stdout: per second of the run, how many records took longer than a threshold, then percentiles of
 * e2e and send-to-ack latency from several starting seconds. Latency counts from the intended send time.
 *
 * <p>Usage: {@code E2eLatencyTrace HOST:PORT TOPIC RATE_PER_S DURATION_S CSV_FILE [THRESHOLD_MS] [key=value...]}
 * (extra producer settings, e.g. {@code linger.ms=0}). The topic must exist with at least one partition.
 */
public final class E2eLatencyTrace {
    private static final long START_DELAY_NS = 200_000_000L;
    private static final long DRAIN_MAX_NS = 10_000_000_000L;

    private E2eLatencyTrace() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: E2eLatencyTrace HOST:PORT TOPIC RATE_PER_S DURATION_S CSV_FILE [THRESHOLD_MS] "
                    + "[producer key=value...]");
            System.exit(2);
        }
        String bootstrap = args[0];
        String topic = args[1];
        int rate = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        Path csv = Path.of(args[4]);
        double thresholdMs = args.length > 5 ? Double.parseDouble(args[5]) : 3.0;
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "1");
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        for (int i = 6; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            producerProps.put(kv[0], kv[1]);
        }
        Trace t = run(bootstrap, topic, rate, seconds, producerProps);
        t.write(csv);
        t.summarize(rate, seconds, thresholdMs);
    }

    /** Times of every record, ns from the first record's intended send time; -1 when it never arrived. */
    private record Trace(long[] due, long[] sendReturned, long[] acked, long[] received) {
        void write(Path csv) throws IOException {
            try (PrintWriter w = new PrintWriter(new BufferedWriter(Files.newBufferedWriter(csv, StandardCharsets.UTF_8)))) {
                w.println("record,due_ms,send_return_us,ack_us,e2e_us");
                for (int i = 0; i < due.length; i++) {
                    w.printf(Locale.ROOT, "%d,%.3f,%.1f,%.1f,%.1f%n", i, due[i] / 1e6, since(sendReturned, i),
                            since(acked, i), since(received, i));
                }
            }
        }

        private double since(long[] times, int i) {
            return times[i] < 0 ? -1 : (times[i] - due[i]) / 1e3;
        }

        void summarize(int rate, int seconds, double thresholdMs) {
            StringBuilder perSecond = new StringBuilder("records over " + thresholdMs + " ms e2e, per second:");
            for (int s = 0; s < seconds; s++) {
                int slow = 0;
                for (int i = s * rate; i < (s + 1) * rate; i++) {
                    if (received[i] < 0 || received[i] - due[i] > thresholdMs * 1e6) {
                        slow++;
                    }
                }
                perSecond.append(' ').append(slow);
            }
            System.out.println(perSecond);
            for (int from = 0; from < seconds; from += Math.max(1, seconds / 6)) {
                System.out.printf(Locale.ROOT, "from %2d s: e2e %s | send-to-ack %s%n", from,
                        percentiles(received, from * rate), percentiles(acked, from * rate));
            }
        }

        private String percentiles(long[] times, int fromRecord) {
            long[] lat = new long[due.length - fromRecord];
            for (int i = fromRecord; i < due.length; i++) {
                lat[i - fromRecord] = times[i] < 0 ? Long.MAX_VALUE : times[i] - due[i];
            }
            Arrays.sort(lat);
            return String.format(Locale.ROOT, "p50 %.2f p99 %.2f p99.9 %.2f ms", at(lat, 0.5), at(lat, 0.99),
                    at(lat, 0.999));
        }

        private static double at(long[] sorted, double q) {
            long v = sorted[Math.min(sorted.length - 1, (int) (sorted.length * q))];
            return v == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : v / 1e6;
        }
    }

    private static Trace run(String bootstrap, String topic, int rate, int seconds, Properties producerProps)
            throws InterruptedException {
        int n = Math.multiplyExact(rate, seconds);
        long[] due = new long[n];
        long[] sendReturned = new long[n];
        long[] acked = new long[n];
        long[] received = new long[n];
        Arrays.fill(acked, -1);
        Arrays.fill(received, -1);
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps)) {
            producer.partitionsFor(topic);
            consumer.assign(List.of(tp));
            consumer.seekToEnd(List.of(tp));
            consumer.position(tp);
            long t0 = System.nanoTime() + START_DELAY_NS;
            Thread reader = new Thread(() -> {
                int got = 0;
                long stopNs = t0 + seconds * 1_000_000_000L + DRAIN_MAX_NS;
                while (got < n && System.nanoTime() < stopNs) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        received[ByteBuffer.wrap(r.value()).getInt(Long.BYTES)] = System.nanoTime() - t0;
                        got++;
                    }
                }
            }, "trace-consumer");
            reader.start();
            byte[] payload = new byte[1024];
            ByteBuffer stamp = ByteBuffer.wrap(payload);
            double periodNs = 1e9 / rate;
            for (int i = 0; i < n; i++) {
                long dueNs = (long) (i * periodNs);
                due[i] = dueNs;
                for (long wait = t0 + dueNs - System.nanoTime(); wait > 0; wait = t0 + dueNs - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                stamp.putLong(0, dueNs).putInt(Long.BYTES, i); // copied into the batch inside send
                int index = i;
                producer.send(new ProducerRecord<>(topic, 0, null, payload), (metadata, error) -> {
                    if (error == null) {
                        acked[index] = System.nanoTime() - t0;
                    }
                });
                sendReturned[i] = System.nanoTime() - t0;
            }
            producer.flush();
            reader.join();
        }
        return new Trace(due, sendReturned, acked, received);
    }
}
