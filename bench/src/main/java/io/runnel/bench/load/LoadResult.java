package io.runnel.bench.load;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of one load run: what was measured (records and bytes after warm-up, over {@code elapsedNs}),
 * the latency summary, and failures. Rendered as a table for people and as one JSON line for machines.
 *
 * @param spec        what was run
 * @param records     records measured (acknowledged for produce, received for consume and e2e)
 * @param bytes       value bytes of those records
 * @param elapsedNs   measured interval: first measured send (or first poll) to last ack (or last record)
 * @param errors      records whose send failed
 * @param firstError  the first failure's message, or null
 * @param latency     send-to-ack latency (produce) or produce-to-consume latency (e2e); empty for consume
 * @param ackLatency  e2e only: the send-to-ack latency of the same measured records, which splits produce-to-consume
 *                    into the produce leg (client batching, produce request, append) and the rest (fetch completion,
 *                    consumer wake-up); empty otherwise
 * @param timedOut    true when the hard timeout ended the run
 */
public record LoadResult(LoadSpec spec, long records, long bytes, long elapsedNs, long errors, String firstError,
                         LatencySummary latency, LatencySummary ackLatency, boolean timedOut) {

    /** A result without the e2e send-to-ack split. */
    public LoadResult(LoadSpec spec, long records, long bytes, long elapsedNs, long errors, String firstError,
                      LatencySummary latency, boolean timedOut) {
        this(spec, records, bytes, elapsedNs, errors, firstError, latency, LatencySummary.EMPTY, timedOut);
    }

    /** MB in the throughput columns: 2^20 bytes, as Kafka's own perf tools count. */
    public static final double MB = 1024.0 * 1024.0;

    public double recordsPerSec() {
        return elapsedNs <= 0 ? 0 : records * 1e9 / elapsedNs;
    }

    public double mbPerSec() {
        return elapsedNs <= 0 ? 0 : bytes * 1e9 / elapsedNs / MB;
    }

    /** A run succeeded when nothing failed and it finished inside its timeout. */
    public boolean ok() {
        return errors == 0 && !timedOut;
    }

    /** What the latency columns measure, for the table and JSON. */
    public String latencyKind() {
        switch (spec.mode()) {
            case PRODUCE:
                return "send-to-ack";
            case E2E:
                return "produce-to-consume";
            default:
                return "none";
        }
    }

    /** The JSON fields, in a stable order. */
    public Map<String, Object> toFields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("mode", spec.mode().label());
        f.put("topic", spec.topic());
        f.put("partitions", spec.partitions());
        f.put("producers", spec.producers());
        f.put("acks", spec.acks());
        f.put("compression", spec.compression());
        f.put("recordSizeBytes", spec.recordSizeBytes());
        f.put("rateTarget", spec.paced() ? spec.rateRecordsPerSec() : null);
        f.put("records", records);
        f.put("bytes", bytes);
        f.put("elapsedMs", elapsedNs / 1e6);
        f.put("recordsPerSec", recordsPerSec());
        f.put("mbPerSec", mbPerSec());
        f.put("latencyKind", latencyKind());
        f.put("latencySamples", latency.count());
        f.put("latencyMsP50", latency.msP50());
        f.put("latencyMsP99", latency.msP99());
        f.put("latencyMsP999", latency.msP999());
        f.put("latencyMsMax", latency.msMax());
        f.put("latencyMsMean", latency.msMean());
        if (!ackLatency.isEmpty()) {
            f.put("ackLatencyMsP50", ackLatency.msP50());
            f.put("ackLatencyMsP99", ackLatency.msP99());
            f.put("ackLatencyMsP999", ackLatency.msP999());
        }
        f.put("errors", errors);
        f.put("firstError", firstError);
        f.put("timedOut", timedOut);
        return f;
    }

    public String toJson() {
        return FlatJson.write(toFields());
    }

    /** A small aligned table for people. */
    public String toTable() {
        StringBuilder sb = new StringBuilder();
        String target = spec.paced() ? String.format(Locale.ROOT, "%,.0f rec/s", spec.rateRecordsPerSec()) : "max";
        if (spec.mode() == LoadMode.CONSUME) {
            sb.append(String.format(Locale.ROOT, "consume %s  partitions=%d%s%n", spec.topic(), spec.partitions(),
                    spec.group() == null ? "" : " group=" + spec.group()));
        } else {
            sb.append(String.format(Locale.ROOT, "%s %s  partitions=%d producers=%d acks=%s compression=%s record=%d B rate=%s%n",
                    spec.mode().label(), spec.topic(), spec.partitions(), spec.producers(), spec.acks(), spec.compression(),
                    spec.recordSizeBytes(), target));
        }
        row(sb, "records", String.format(Locale.ROOT, "%,d", records));
        row(sb, "elapsed", String.format(Locale.ROOT, "%.2f s", elapsedNs / 1e9));
        row(sb, "throughput", String.format(Locale.ROOT, "%,.0f rec/s  %.2f MB/s", recordsPerSec(), mbPerSec()));
        if (!latency.isEmpty()) {
            row(sb, "latency", latencyKind() + ", ms, " + String.format(Locale.ROOT, "%,d samples", latency.count()));
            row(sb, "  p50", ms(latency.msP50()));
            row(sb, "  p99", ms(latency.msP99()));
            row(sb, "  p99.9", ms(latency.msP999()));
            row(sb, "  max", ms(latency.msMax()));
        }
        if (!ackLatency.isEmpty()) {
            row(sb, "send-to-ack", "ms, same records: p50 " + ms(ackLatency.msP50()) + "  p99 " + ms(ackLatency.msP99())
                    + "  p99.9 " + ms(ackLatency.msP999()));
        }
        row(sb, "errors", errors == 0 ? "0" : errors + " (first: " + firstError + ")");
        if (timedOut) {
            row(sb, "timed out", "yes: the run hit --timeout");
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, String value) {
        sb.append(String.format(Locale.ROOT, "  %-12s %s%n", name, value));
    }

    static String ms(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }
}
