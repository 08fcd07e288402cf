package io.runnel.streams.runtime;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InterruptException;

/**
 * A processing thread's sends (outputs, repartition records and markers, changelog records), given to the producer
 * in order by a thread of their own: {@code KafkaProducer.send} (partitioning, the append into the accumulator, the
 * callback's bookkeeping) was a third of an output-heavy task's thread, and runs next to it instead. Sends are
 * handed over in batches (one queue operation per {@value #BATCH} records, and whatever is pending at {@link
 * #handOver()}, which the processing thread calls before it polls again); at most {@value #BATCHES_IN_FLIGHT}
 * batches wait, then the processing thread blocks (the producer's own buffer limit propagates back the same way).
 * {@link #flush()} returns once everything handed over is in the producer and the producer has flushed. A send the
 * producer refuses with an exception goes to the error sink and the sends after it are dropped (the processing thread
 * stops at its next check, before committing past them). With {@code direct}, everything happens on the calling
 * thread. The send methods are for the one processing thread that owns this.
 */
final class SendHandoff implements AutoCloseable {
    static final int BATCH = 512;
    static final int BATCHES_IN_FLIGHT = 32;

    /** Records and their callbacks, in send order; a batch with a latch only marks a point the sender passed. */
    private static final class Batch {
        final ProducerRecord<?, ?>[] records;
        final Callback[] callbacks;
        int size;
        final CountDownLatch passed;
        final boolean stop;

        Batch(int capacity, CountDownLatch passed, boolean stop) {
            this.records = new ProducerRecord<?, ?>[capacity];
            this.callbacks = new Callback[capacity];
            this.passed = passed;
            this.stop = stop;
        }
    }

    private final Producer<byte[], byte[]> producer;
    private final Consumer<Exception> onError;
    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(BATCHES_IN_FLIGHT);
    private final Thread sender;
    /** Sends not handed over yet; the processing thread's. */
    private Batch pending;
    /** Set by the sender at the first refused send: the rest are dropped. */
    private volatile boolean failed;

    /**
     * @param direct  send on the calling thread (no sender thread)
     * @param onError receives the exception of the first send the producer refuses
     */
    SendHandoff(Producer<byte[], byte[]> producer, boolean direct, String threadName, Consumer<Exception> onError) {
        this.producer = producer;
        this.onError = onError;
        if (direct) {
            this.sender = null;
        } else {
            this.sender = new Thread(this::run, threadName);
            this.sender.setDaemon(true);
            this.sender.start();
        }
    }

    void send(ProducerRecord<byte[], byte[]> record, Callback callback) {
        if (sender == null) {
            producer.send(record, callback);
            return;
        }
        Batch b = pending;
        if (b == null) {
            b = new Batch(BATCH, null, false);
            pending = b;
        }
        b.records[b.size] = record;
        b.callbacks[b.size] = callback;
        if (++b.size == BATCH) {
            handOver();
        }
    }

    /** Gives the pending sends to the sender thread (the processing thread calls this before it may wait). */
    void handOver() {
        Batch b = pending;
        if (b != null && b.size > 0) {
            pending = null;
            put(b);
        }
    }

    /** Returns once every send so far is in the producer and acknowledged (or failed: see the callbacks). */
    void flush() {
        if (sender != null) {
            handOver();
            CountDownLatch passed = new CountDownLatch(1);
            put(new Batch(0, passed, false));
            try {
                passed.await();
            } catch (InterruptedException e) {
                throw new InterruptException(e);
            }
        }
        producer.flush();
    }

    /**
     * Stops the sender thread: after the sends handed over so far, or, with {@code discard} (a simulated crash),
     * dropping those not yet sent.
     */
    void close(boolean discard) {
        if (sender == null) {
            return;
        }
        if (discard) {
            // no wait: the sender may be blocked in a send until the producer closes (right after this)
            pending = null;
            failed = true;
            queue.clear();
            queue.offer(new Batch(0, null, true));
            return;
        }
        handOver();
        put(new Batch(0, null, true));
        try {
            sender.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(false);
    }

    private void put(Batch b) {
        try {
            queue.put(b);
        } catch (InterruptedException e) {
            throw new InterruptException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private void run() {
        while (true) {
            Batch b;
            try {
                b = queue.take();
            } catch (InterruptedException e) {
                return; // only close() ends this thread; an interrupt comes from the JVM shutting down
            }
            if (b.stop) {
                return;
            }
            for (int i = 0; i < b.size && !failed; i++) {
                try {
                    producer.send((ProducerRecord<byte[], byte[]>) b.records[i], b.callbacks[i]);
                } catch (RuntimeException e) {
                    failed = true;
                    onError.accept(e);
                }
            }
            if (b.passed != null) {
                b.passed.countDown();
            }
        }
    }
}
