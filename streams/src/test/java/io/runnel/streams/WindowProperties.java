package io.runnel.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.streams.Ref.In;
import io.runnel.streams.serde.Serdes;
import io.runnel.streams.testing.PipelineTestDriver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.constraints.IntRange;

/**
 * Every windowed operator against a naive reference simulation (lists and maps, no stores, no byte layouts) on
 * random out-of-order input with late records: same outputs as a multiset, same late count.
 */
class WindowProperties {

    @Provide
    Arbitrary<List<In>> input() {
        return Ref.inputs(120);
    }

    private static Pipeline windowed(Windows windows, EmitMode emit, long boundMs, long latenessMs) {
        PipelineBuilder b = new PipelineBuilder("p");
        b.stream(Source.of("in", Serdes.string(), Serdes.longs()).outOfOrderness(Duration.ofMillis(boundMs)))
                .groupByKey()
                .window(windows)
                .emit(emit)
                .allowedLateness(Duration.ofMillis(latenessMs))
                .lateRecordsTo("late")
                .aggregate(Aggregations.<Long>sum(v -> v))
                .map((w, s) -> KeyValue.of(w.key() + "@" + w.start() + "-" + w.end(), s == null ? null : s.longValue()), Serdes.string(),
                        Serdes.longs()) // s is null when a session result is retracted
                .to("out");
        return b.build();
    }

    private record Run(List<String> out, long late) {
    }

    private static Run run(Pipeline p, List<In> in, boolean rocks, java.nio.file.Path dir) {
        PipelineTestDriver.Options o = PipelineTestDriver.Options.defaults().withCacheEntriesMax(7);
        if (rocks) {
            o = o.withRocksDb(dir);
        }
        try (PipelineTestDriver d = new PipelineTestDriver(p, o)) {
            Ref.pipeAll(d, "in", in);
            d.endOfInput();
            List<String> out = Ref.flat(d.read("out", Serdes.string(), Serdes.longs()));
            assertThat(d.read("late", Serdes.string(), Serdes.longs())).hasSize((int) d.lateRecords());
            return new Run(out, d.lateRecords());
        }
    }

    // ---- hopping / tumbling ----

    @Property(tries = 150)
    void hoppingMatchesReference(@ForAll("input") List<In> in, @ForAll @IntRange(min = 1, max = 4) int sizeSeconds,
                                 @ForAll @IntRange(min = 1, max = 4) int advanceDivisor,
                                 @ForAll @IntRange(min = 0, max = 5) int boundSeconds,
                                 @ForAll @IntRange(min = 0, max = 3) int latenessSeconds, @ForAll boolean onUpdate) {
        long size = sizeSeconds * 1000L;
        long advance = Math.max(1, size / advanceDivisor);
        long bound = boundSeconds * 1000L;
        long lateness = latenessSeconds * 1000L;
        EmitMode emit = onUpdate ? EmitMode.ON_UPDATE : EmitMode.ON_CLOSE;
        Run actual = run(windowed(Windows.hopping(Duration.ofMillis(size), Duration.ofMillis(advance)), emit, bound,
                lateness), in, false, null);

        // reference
        List<String> out = new ArrayList<>();
        Map<String, long[]> open = new TreeMap<>(); // "end|start|key" -> {sum, fired}
        long wm = Long.MIN_VALUE;
        long max = Long.MIN_VALUE;
        long late = 0;
        for (In r : in) {
            boolean accepted = false;
            long last = Math.floorDiv(r.ts(), advance) * advance;
            for (long start = last; start > r.ts() - size; start -= advance) {
                long end = start + size;
                if (end + lateness <= wm) {
                    continue;
                }
                accepted = true;
                String k = String.format("%020d|%020d|%s", end, start, r.key());
                long[] s = open.computeIfAbsent(k, x -> new long[2]);
                s[0] += r.value();
                boolean closed = end <= wm;
                if (closed) {
                    s[1] = 1;
                }
                if (emit == EmitMode.ON_UPDATE || closed) {
                    out.add(r.key() + "@" + start + "-" + end + "=" + s[0]);
                }
            }
            if (!accepted) {
                late++;
            }
            max = Math.max(max, r.ts());
            long newWm = max - bound;
            if (newWm > wm) {
                wm = newWm;
                fire(open, wm, lateness, emit, out);
            }
        }
        fire(open, Long.MAX_VALUE, lateness, emit, out);
        assertThat(actual.out()).containsExactlyInAnyOrderElementsOf(out);
        assertThat(actual.late()).isEqualTo(late);
    }

    private static void fire(Map<String, long[]> open, long wm, long lateness, EmitMode emit, List<String> out) {
        for (Iterator<Map.Entry<String, long[]>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, long[]> e = it.next();
            String[] parts = e.getKey().split("\\|");
            long end = Long.parseLong(parts[0]);
            long start = Long.parseLong(parts[1]);
            if (end > wm) {
                continue;
            }
            if (e.getValue()[1] == 0) {
                e.getValue()[1] = 1;
                if (emit == EmitMode.ON_CLOSE) {
                    out.add(parts[2] + "@" + start + "-" + end + "=" + e.getValue()[0]);
                }
            }
            if (wm == Long.MAX_VALUE || end + lateness <= wm) {
                it.remove();
            }
        }
    }

    // ---- session ----

    /**
     * Sessions against a list-based model: a record is late when {@code t + lateness < watermark}; it merges every
     * session of its key overlapping [t, t + gap); a session is final once {@code end + lateness <= watermark}.
     * ON_CLOSE emits exactly the final sessions (a session merged away is never emitted); ON_UPDATE emits each
     * update, retracts (null) every replaced session, and read as a changelog ends at exactly the final sessions.
     */
    @Property(tries = 200)
    void sessionMatchesReference(@ForAll("input") List<In> in, @ForAll @IntRange(min = 1, max = 8) int gapSeconds,
                                 @ForAll @IntRange(min = 0, max = 5) int boundSeconds,
                                 @ForAll @IntRange(min = 0, max = 3) int latenessSeconds, @ForAll boolean onUpdate) {
        long gap = gapSeconds * 1000L;
        long bound = boundSeconds * 1000L;
        long lateness = latenessSeconds * 1000L;
        EmitMode emit = onUpdate ? EmitMode.ON_UPDATE : EmitMode.ON_CLOSE;
        Run actual = run(windowed(Windows.session(Duration.ofMillis(gap)), emit, bound, lateness), in, false, null);

        List<String> out = new ArrayList<>();
        List<String> finals = new ArrayList<>();
        Map<String, List<long[]>> sessions = new HashMap<>(); // key -> {start, end, sum}
        long wm = Long.MIN_VALUE;
        long max = Long.MIN_VALUE;
        long late = 0;
        for (In r : in) {
            if (wm != Long.MIN_VALUE && r.ts() + lateness < wm) {
                late++;
            } else {
                List<long[]> list = sessions.computeIfAbsent(r.key(), k -> new ArrayList<>());
                long[] merged = {r.ts(), r.ts() + gap, r.value()};
                List<long[]> replaced = new ArrayList<>();
                for (Iterator<long[]> it = list.iterator(); it.hasNext(); ) {
                    long[] s = it.next();
                    if (s[0] < r.ts() + gap && r.ts() < s[1]) {
                        merged[0] = Math.min(merged[0], s[0]);
                        merged[1] = Math.max(merged[1], s[1]);
                        merged[2] += s[2];
                        replaced.add(s);
                        it.remove();
                    }
                }
                list.add(merged);
                if (emit == EmitMode.ON_UPDATE) {
                    for (long[] s : replaced) {
                        if (s[0] != merged[0] || s[1] != merged[1]) {
                            out.add(r.key() + "@" + s[0] + "-" + s[1] + "=null");
                        }
                    }
                    out.add(r.key() + "@" + merged[0] + "-" + merged[1] + "=" + merged[2]);
                }
            }
            max = Math.max(max, r.ts());
            if (max - bound > wm) {
                wm = max - bound;
                finalSessions(sessions, wm, lateness, emit, out, finals);
            }
        }
        finalSessions(sessions, Long.MAX_VALUE, lateness, emit, out, finals);
        assertThat(actual.out()).containsExactlyInAnyOrderElementsOf(out);
        assertThat(actual.late()).isEqualTo(late);
        if (emit == EmitMode.ON_CLOSE) {
            assertThat(actual.out()).containsExactlyInAnyOrderElementsOf(finals);
        } else {
            assertThat(changelogView(actual.out())).containsExactlyInAnyOrderElementsOf(finals);
        }
    }

    private static void finalSessions(Map<String, List<long[]>> sessions, long wm, long lateness, EmitMode emit,
                                      List<String> out, List<String> finals) {
        sessions.forEach((key, list) -> {
            for (Iterator<long[]> it = list.iterator(); it.hasNext(); ) {
                long[] s = it.next();
                if (wm != Long.MAX_VALUE && s[1] + lateness > wm) {
                    continue;
                }
                String result = key + "@" + s[0] + "-" + s[1] + "=" + s[2];
                finals.add(result);
                if (emit == EmitMode.ON_CLOSE) {
                    out.add(result);
                }
                it.remove();
            }
        });
    }

    /** Output records read in order as a changelog: the last value per key, keys whose last value is null dropped. */
    private static List<String> changelogView(List<String> records) {
        Map<String, String> latest = new java.util.LinkedHashMap<>();
        for (String r : records) {
            int eq = r.lastIndexOf('=');
            latest.put(r.substring(0, eq), r.substring(eq + 1));
        }
        List<String> view = new ArrayList<>();
        latest.forEach((k, v) -> {
            if (!v.equals("null")) {
                view.add(k + "=" + v);
            }
        });
        return view;
    }

    // ---- sliding ----

    @Property(tries = 150)
    void slidingMatchesReference(@ForAll("input") List<In> in, @ForAll @IntRange(min = 1, max = 8) int sizeSeconds,
                                 @ForAll @IntRange(min = 0, max = 5) int boundSeconds, @ForAll boolean onUpdate) {
        long size = sizeSeconds * 1000L;
        long bound = boundSeconds * 1000L;
        EmitMode emit = onUpdate ? EmitMode.ON_UPDATE : EmitMode.ON_CLOSE;
        Run actual = run(windowed(Windows.sliding(Duration.ofMillis(size)), emit, bound, 0), in, false, null);

        List<String> out = new ArrayList<>();
        List<In> accepted = new ArrayList<>();
        long wm = Long.MIN_VALUE;
        long max = Long.MIN_VALUE;
        long late = 0;
        for (In r : in) {
            if (r.ts() + 1 <= wm) {
                late++;
            } else {
                accepted.add(r);
                if (emit == EmitMode.ON_UPDATE) {
                    out.add(slide(accepted, r, size));
                }
            }
            max = Math.max(max, r.ts());
            wm = Math.max(wm, max - bound);
        }
        if (emit == EmitMode.ON_CLOSE) {
            for (In r : accepted) {
                out.add(slide(accepted, r, size));
            }
        }
        assertThat(actual.out()).containsExactlyInAnyOrderElementsOf(out);
        assertThat(actual.late()).isEqualTo(late);
    }

    private static String slide(List<In> present, In r, long size) {
        long sum = 0;
        for (In o : present) {
            if (o.key().equals(r.key()) && o.ts() > r.ts() - size && o.ts() <= r.ts()) {
                sum += o.value();
            }
        }
        return r.key() + "@" + (r.ts() - size + 1) + "-" + (r.ts() + 1) + "=" + sum;
    }
}
