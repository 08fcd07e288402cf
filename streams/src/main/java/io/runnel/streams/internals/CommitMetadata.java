package io.runnel.streams.internals;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a task commits beside its input offsets (in the offset commit's metadata string, one atomic request): its
 * watermark and, per logged store, the changelog end offset that matches the committed input offsets. Restore
 * replays a changelog only up to that offset and rolls back anything written after it, so state and input offsets
 * always agree after a crash.
 *
 * It also carries, per repartition topic and writer task, the highest sequence number processed (so that records a
 * writer re-sends after its own crash are recognised as duplicates) and the writer's last watermark (so that the
 * replay sees the same watermarks as the first run did).
 *
 * <p>Text form: {@code rn1;wm=<long>;<store>=<offset>;...;s.<writer>.<topic>=<sequence>;...;w.<writer>.<topic>=<wm>}. Immutable.
 */
public record CommitMetadata(long watermarkMs, Map<String, Long> changelogEndOffsets,
                             Map<String, Long> writerSequences, Map<String, Long> writerWatermarks) {
    /** Key of {@link #writerSequences()}: the highest sequence seen from writer task {@code writer} on a topic. */
    public static String writerKey(String topic, int writer) {
        return writer + "." + topic;
    }

    private static final String VERSION = "rn1";

    public String encode() {
        StringBuilder sb = new StringBuilder(VERSION).append(";wm=").append(watermarkMs);
        changelogEndOffsets.forEach((store, offset) -> sb.append(';').append(store).append('=').append(offset));
        writerSequences.forEach((k, seq) -> sb.append(";s.").append(k).append('=').append(seq));
        writerWatermarks.forEach((k, wm) -> sb.append(";w.").append(k).append('=').append(wm));
        return sb.toString();
    }

    /** Null when {@code text} is not ours (empty, or written by another client). */
    public static CommitMetadata decode(String text) {
        if (text == null || !text.startsWith(VERSION + ";")) {
            return null;
        }
        long wm = Long.MIN_VALUE;
        Map<String, Long> offsets = new LinkedHashMap<>();
        Map<String, Long> sequences = new LinkedHashMap<>();
        Map<String, Long> watermarks = new LinkedHashMap<>();
        for (String part : text.substring(VERSION.length() + 1).split(";")) {
            int eq = part.lastIndexOf('=');
            if (eq <= 0) {
                return null;
            }
            String name = part.substring(0, eq);
            long value;
            try {
                value = Long.parseLong(part.substring(eq + 1));
            } catch (NumberFormatException e) {
                return null;
            }
            if (name.equals("wm")) {
                wm = value;
            } else if (name.startsWith("s.")) {
                sequences.put(name.substring(2), value);
            } else if (name.startsWith("w.")) {
                watermarks.put(name.substring(2), value);
            } else {
                offsets.put(name, value);
            }
        }
        return new CommitMetadata(wm, offsets, sequences, watermarks);
    }
}
