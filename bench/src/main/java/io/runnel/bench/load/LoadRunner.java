package io.runnel.bench.load;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Runs one {@link LoadSpec} against a Kafka-protocol broker with kafka-clients and returns its
 * {@link LoadResult}: makes sure the topic exists, starts producer threads and/or a consumer thread, prints
 * progress each second, and enforces the hard timeout (stopping workers and closing clients when it expires).
 *
 * <p>Call {@link #run()} from one thread; it owns the worker threads it starts and joins them all.
 */
public final class LoadRunner {

    private static final long SETUP_TIMEOUT_MS = 60_000;

    private final LoadSpec spec;
    private final PrintWriter progressOut;

    /** @param progressOut where the progress lines go (stderr for the CLI) */
    public LoadRunner(LoadSpec spec, PrintWriter progressOut) {
        this.spec = spec;
        this.progressOut = progressOut;
    }

    public LoadResult run() {
        long deadlineNs = System.nanoTime() + spec.timeoutNs();
        LoadSpec actual;
        try (TopicSetup setup = new TopicSetup(spec.bootstrap(), spec.clientProperties(),
                Math.min(SETUP_TIMEOUT_MS, TimeUnit.NANOSECONDS.toMillis(spec.timeoutNs())))) {
            int partitions = setup.ensureTopic(spec.topic(), spec.partitions(), spec.mode() != LoadMode.CONSUME);
            actual = spec.withPartitions(partitions);
        }
        if (actual.partitions() != spec.partitions() && spec.mode() != LoadMode.CONSUME) {
            progressOut.printf("note: topic %s already exists with %d partitions; using it%n", spec.topic(), actual.partitions());
        }
        switch (spec.mode()) {
            case PRODUCE:
                return produce(actual, deadlineNs);
            case CONSUME:
                return consume(actual, deadlineNs);
            case E2E:
                return endToEnd(actual, deadlineNs);
            default:
                throw new IllegalStateException("unknown mode " + spec.mode());
        }
    }

    private LoadResult produce(LoadSpec s, long deadlineNs) {
        LoadMeter meter = new LoadMeter(Long.MAX_VALUE);
        Workers producers = startProducers(s, meter, false, startNs -> meter.measureFrom(startNs + s.warmupNs()));
        boolean timedOut;
        try (ProgressReporter ignored = progress(meter, true)) {
            timedOut = !producers.join(deadlineNs);
        }
        long endNs = meter.lastCompletionNs() == Long.MIN_VALUE ? System.nanoTime() : meter.lastCompletionNs();
        String firstError = meter.firstError() != null ? meter.firstError() : producers.firstError();
        return new LoadResult(s, meter.records(), meter.bytes(), Math.max(0, endNs - meter.measureFromNs()),
                meter.errors() + producers.errors(), firstError, meter.latency(), timedOut);
    }

    private LoadResult consume(LoadSpec s, long deadlineNs) {
        LoadMeter meter = new LoadMeter(Long.MIN_VALUE);
        long endNs = s.durationNs() > 0 ? System.nanoTime() + s.durationNs() : deadlineNs;
        ConsumerWorker consumer = new ConsumerWorker(new KafkaConsumer<>(consumerProps(s)), s.topic(), s.group(), false,
                recordsOrUnbounded(s), Math.min(endNs, deadlineNs), s.idleTimeoutNs(), null, meter);
        Workers workers = new Workers();
        workers.start("bench-consumer", consumer, consumer::stop);
        boolean timedOut;
        try (ProgressReporter ignored = progress(meter, false)) {
            timedOut = !workers.join(deadlineNs);
        }
        long lastNs = meter.lastCompletionNs();
        long elapsedNs = lastNs == Long.MIN_VALUE ? 0 : lastNs - consumer.firstPollNs();
        return new LoadResult(s, meter.records(), meter.bytes(), elapsedNs, workers.errors(), workers.firstError(),
                LatencySummary.EMPTY, timedOut);
    }

    private LoadResult endToEnd(LoadSpec s, long deadlineNs) {
        // Consumer first: it fixes its positions at the log end, then the producers start and measuring begins.
        LoadMeter producerMeter = new LoadMeter(Long.MIN_VALUE);
        LoadMeter consumerMeter = new LoadMeter(Long.MAX_VALUE);
        AtomicReference<Workers> producersRef = new AtomicReference<>();
        ConsumerWorker consumer = new ConsumerWorker(new KafkaConsumer<>(consumerProps(s)), s.topic(), null, true,
                Long.MAX_VALUE, deadlineNs, s.idleTimeoutNs(), () -> {
                    Workers p = producersRef.get();
                    return p != null && p.finished() ? producerMeter.succeededAll() : -1;
                }, consumerMeter);
        Workers consumers = new Workers();
        consumers.start("bench-e2e-consumer", consumer, consumer::stop);
        boolean timedOut;
        try (ProgressReporter ignored = progress(consumerMeter, true)) {
            awaitPositioned(consumer, deadlineNs);
            Workers producers = startProducers(s, producerMeter, true,
                    startNs -> {
                        consumerMeter.measureFrom(startNs + s.warmupNs());
                        producerMeter.measureFrom(startNs + s.warmupNs());
                    });
            producersRef.set(producers);
            boolean producersDone = producers.join(deadlineNs);
            boolean consumerDone = consumers.join(deadlineNs);
            timedOut = !producersDone || !consumerDone;
        }
        long errors = producerMeter.errors() + consumers.errors();
        String firstError = producerMeter.firstError() != null ? producerMeter.firstError() : consumers.firstError();
        long missing = producerMeter.succeededAll() - consumerMeter.succeededAll();
        if (missing > 0) {
            errors += missing;
            firstError = firstError != null ? firstError : missing + " acknowledged records were not consumed";
        }
        long lastNs = consumerMeter.lastCompletionNs();
        long elapsedNs = lastNs == Long.MIN_VALUE ? 0 : lastNs - consumerMeter.measureFromNs();
        return new LoadResult(s, consumerMeter.records(), consumerMeter.bytes(), elapsedNs, errors, firstError,
                consumerMeter.latency(), producerMeter.latency(), timedOut);
    }

    private static void awaitPositioned(ConsumerWorker consumer, long deadlineNs) {
        try {
            long waitMs = TimeUnit.NANOSECONDS.toMillis(Math.max(0, deadlineNs - System.nanoTime()));
            if (!consumer.awaitPositioned(waitMs)) {
                throw new BenchException("the e2e consumer did not get its start positions before the timeout");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted while the e2e consumer positioned itself", e);
        }
    }

    /**
     * Creates the producers and fetches their metadata before the clock starts, so connection set-up is not
     * charged to the first records; then starts one worker thread per producer.
     */
    private Workers startProducers(LoadSpec s, LoadMeter meter, boolean stamp, java.util.function.LongConsumer onStart) {
        byte[] payload = new byte[s.recordSizeBytes()];
        new Random(42).nextBytes(payload);
        List<KafkaProducer<byte[], byte[]>> clients = new ArrayList<>();
        for (int i = 0; i < s.producers(); i++) {
            KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps(s, i));
            clients.add(producer);
            producer.partitionsFor(s.topic());
        }
        long startNs = System.nanoTime();
        onStart.accept(startNs);
        long endNs = s.durationNs() > 0 ? startNs + s.durationNs() : Long.MAX_VALUE;
        Workers workers = new Workers();
        for (int i = 0; i < s.producers(); i++) {
            long share = s.recordsMax() == 0 ? Long.MAX_VALUE : shareOf(s.recordsMax(), s.producers(), i);
            KafkaProducer<byte[], byte[]> producer = clients.get(i);
            ProducerWorker w = new ProducerWorker(producer, s.topic(), payload, stamp, share,
                    s.rateRecordsPerSec() / s.producers(), startNs, endNs, meter);
            workers.start("bench-producer-" + i, () -> {
                try {
                    w.run();
                } finally {
                    producer.close(Duration.ofSeconds(5));
                }
            }, () -> {
                w.stop();
                producer.close(Duration.ZERO);
            });
        }
        return workers;
    }

    /** Records for worker {@code index} of {@code workers} so that the shares add up to {@code total}. */
    static long shareOf(long total, int workers, int index) {
        return total / workers + (index < total % workers ? 1 : 0);
    }

    private static long recordsOrUnbounded(LoadSpec s) {
        return s.recordsMax() == 0 ? Long.MAX_VALUE : s.recordsMax();
    }

    private ProgressReporter progress(LoadMeter meter, boolean timed) {
        return spec.progress() ? new ProgressReporter(meter, progressOut, timed) : null;
    }

    static Properties producerProps(LoadSpec s, int index) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrap());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "runnel-bench-producer-" + index);
        p.put(ProducerConfig.ACKS_CONFIG, s.acks());
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, s.compression());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.putAll(s.clientProperties());
        return p;
    }

    static Properties consumerProps(LoadSpec s) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrap());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "runnel-bench-consumer");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        if (s.group() != null) {
            p.put(ConsumerConfig.GROUP_ID_CONFIG, s.group());
        } else {
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        }
        p.putAll(s.clientProperties());
        return p;
    }
}
