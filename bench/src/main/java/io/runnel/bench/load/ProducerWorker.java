package io.runnel.bench.load;

import java.nio.ByteBuffer;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One producer thread: sends its share of the records at its share of the rate, paced by a {@link RatePacer}
 * (burst of everything due, then one park until the next due time), until its count is sent, the duration
 * ends, or it is stopped. Acks are counted by a callback on the producer's I/O thread into the {@link LoadMeter}.
 * e2e records carry their intended send time (nanoTime, big-endian) in the first 8 value bytes.
 *
 * <p>Runs on its own thread and owns its producer until {@link #run()} returns.
 */
final class ProducerWorker implements Runnable {

    private static final long PARK_MAX_NS = 100_000_000L;

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final byte[] payload;
    private final ByteBuffer stamp;
    private final boolean stampSendTime;
    private final long recordsMax;
    private final RatePacer pacer;
    private final boolean paced;
    private final long endNs;
    private final LoadMeter meter;
    private volatile boolean stopped;

    /**
     * @param recordsMax records this worker sends at most (Long.MAX_VALUE for duration-only runs)
     * @param endNs      nanoTime after which no record is sent
     */
    ProducerWorker(Producer<byte[], byte[]> producer, String topic, byte[] payload, boolean stampSendTime,
                   long recordsMax, double rateRecordsPerSec, long startNs, long endNs, LoadMeter meter) {
        this.producer = producer;
        this.topic = topic;
        this.payload = stampSendTime ? payload.clone() : payload; // the workers share the caller's array
        this.stamp = ByteBuffer.wrap(this.payload);
        this.stampSendTime = stampSendTime;
        this.recordsMax = recordsMax;
        this.pacer = new RatePacer(rateRecordsPerSec, startNs);
        this.paced = rateRecordsPerSec > 0;
        this.endNs = endNs;
        this.meter = meter;
    }

    void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        long sent = 0;
        try {
            while (sent < recordsMax && !stopped) {
                long nowNs = System.nanoTime();
                if (nowNs >= endNs) {
                    break;
                }
                long due = Math.min(pacer.dueCount(nowNs), recordsMax);
                // Catch-up burst: everything due now; time is re-checked per record so max-rate runs end on time.
                while (sent < due && !stopped) {
                    long sendNs = paced ? pacer.dueNs(sent) : System.nanoTime();
                    if (!paced && sendNs >= endNs) {
                        break;
                    }
                    send(sendNs);
                    sent++;
                }
                if (sent < recordsMax && paced) {
                    long waitNs = pacer.waitNs(sent, System.nanoTime());
                    if (waitNs > 0) {
                        LockSupport.parkNanos(Math.min(waitNs, PARK_MAX_NS));
                    }
                }
                if (!paced && System.nanoTime() >= endNs) {
                    break;
                }
            }
        } finally {
            // Bounded by the producer's delivery.timeout.ms; the runner's hard timeout closes the producer if not.
            producer.flush();
        }
    }

    private void send(long sendNs) {
        byte[] value = payload;
        if (stampSendTime) {
            // One array for every record of this thread: KafkaProducer.send serializes (ByteArraySerializer hands the
            // array over as is) and copies it into the batch before it returns, so the next stamp cannot reach a
            // record already sent. A clone per record would add 1 KiB of garbage per record to the client JVM,
            // whose young pauses land in the measured latency.
            stamp.putLong(0, sendNs);
        }
        int size = value.length;
        producer.send(new ProducerRecord<>(topic, value), (metadata, error) -> {
            if (error != null) {
                meter.onError(error);
            } else {
                meter.onRecord(size, sendNs, System.nanoTime());
            }
        });
    }
}
