package io.runnel.bench.streams;

import io.runnel.bench.Stats;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@link JsonCodecBenchmark}'s records and codecs, measured as thread CPU time per call with the two codecs
 * alternating in short blocks: for a shared, loaded machine, where JMH's wall-clock iterations of one codec and then
 * the other see different load (the CPU time of the measuring thread does not count the time other processes hold
 * the core, and each same-round pair sees nearly the same cache and frequency conditions). Prints, per record and
 * operation, the median CPU ns per call of each codec and the median of the same-round ratios.
 *
 * <pre>java -cp bench/target/runnel-jmh.jar io.runnel.bench.streams.JsonCodecCpuProbe [rounds] [callsPerBlock]</pre>
 */
public final class JsonCodecCpuProbe {
    private static final String[] RECORDS = {"sensor-reading", "converted-reading", "bid", "auction", "person",
        "q1-result"};
    private static volatile int sink;

    private JsonCodecCpuProbe() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.printf(Locale.ROOT, "%-18s %-6s %12s %12s %8s%n", "record", "op", "databind ns", "streaming ns",
                "ratio");
        for (String record : RECORDS) {
            JsonCodecBenchmark databind = state(record, "databind");
            JsonCodecBenchmark streaming = state(record, "streaming");
            for (String op : new String[] {"parse", "write"}) {
                for (int w = 0; w < 5; w++) { // warm-up: both compiled before the first measured block
                    block(databind, op, calls, threads);
                    block(streaming, op, calls, threads);
                }
                List<Double> old = new ArrayList<>();
                List<Double> now = new ArrayList<>();
                List<Double> ratios = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    double a;
                    double b;
                    if (r % 2 == 0) {
                        a = block(databind, op, calls, threads);
                        b = block(streaming, op, calls, threads);
                    } else {
                        b = block(streaming, op, calls, threads);
                        a = block(databind, op, calls, threads);
                    }
                    old.add(a);
                    now.add(b);
                    ratios.add(a / b);
                }
                System.out.printf(Locale.ROOT, "%-18s %-6s %12.0f %12.0f %7.2fx%n", record, op, Stats.median(old),
                        Stats.median(now), Stats.median(ratios));
            }
        }
    }

    private static JsonCodecBenchmark state(String record, String codec) {
        JsonCodecBenchmark b = new JsonCodecBenchmark();
        b.record = record;
        b.codec = codec;
        b.setUp();
        return b;
    }

    /** CPU ns of this thread per call over {@code calls} calls. */
    private static double block(JsonCodecBenchmark b, String op, int calls, ThreadMXBean threads) {
        int h = 0;
        long startNs = threads.getCurrentThreadCpuTime();
        if (op.equals("parse")) {
            for (int i = 0; i < calls; i++) {
                h += b.parse() == null ? 0 : 1;
            }
        } else {
            for (int i = 0; i < calls; i++) {
                h += b.write().length;
            }
        }
        long cpuNs = threads.getCurrentThreadCpuTime() - startNs;
        sink += h;
        return (double) cpuNs / calls;
    }
}
