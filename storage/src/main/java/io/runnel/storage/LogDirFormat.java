package io.runnel.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Layout of a log directory and its small checkpoint files. Pure functions, thread-safe.
 *
 * <pre>
 * log dir/
 *   .lock                              held (FileChannel lock) while a LogManager has the directory open
 *   .clean-shutdown                    written last by LogManager.close(); deleted on open
 *   recovery-point-offset-checkpoint   "0\n" count "\n" then "&lt;partition dir&gt; &lt;offset&gt;\n" per partition:
 *                                      everything below offset was fsynced (recovery re-validates from there)
 *   &lt;encoded topic&gt;-&lt;partition&gt;/        one partition (see below), segments per SegmentFormat
 *       leader-epoch-checkpoint        "0\n" count "\n" then "&lt;epoch&gt; &lt;start offset&gt;\n" per epoch
 *       log-start-offset               "&lt;offset&gt;\n": the log start offset (DeleteRecords, retention)
 *       cleaner-offset-checkpoint      "&lt;offset&gt;\n": first offset not yet compacted
 *   &lt;encoded topic&gt;-&lt;partition&gt;.&lt;nanos&gt;-delete/   a deleted partition, removed in the background or on open
 *
 * topic encoding: bytes of the UTF-8 name; [A-Za-z0-9._-] kept, every other byte as %XX (upper-case hex), so
 * "acme/default/orders" -> "acme%2Fdefault%2Forders". Reversible, never a path separator, never "." or "..",
 * and the partition is the digits after the last '-'.
 * </pre>
 * Checkpoint files are replaced atomically: written to "&lt;name&gt;.tmp", fsynced, renamed, directory fsynced.
 */
final class LogDirFormat {
    static final String LOCK_FILE = ".lock";
    static final String CLEAN_SHUTDOWN_FILE = ".clean-shutdown";
    static final String RECOVERY_POINT_FILE = "recovery-point-offset-checkpoint";
    static final String LEADER_EPOCH_FILE = "leader-epoch-checkpoint";
    static final String LOG_START_OFFSET_FILE = "log-start-offset";
    static final String CLEANER_OFFSET_FILE = "cleaner-offset-checkpoint";
    static final String DELETE_DIR_SUFFIX = "-delete";
    static final int CHECKPOINT_VERSION = 0;
    /** Longest directory name most file systems accept. */
    static final int NAME_BYTES_MAX = 255;

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private LogDirFormat() {
    }

    static String partitionDirName(String topic, int partition) {
        if (topic.isEmpty() || partition < 0) {
            throw new IllegalArgumentException("Bad topic partition " + topic + "-" + partition);
        }
        StringBuilder sb = new StringBuilder(topic.length() + 8);
        for (byte b : topic.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-') {
                sb.append(c);
            } else {
                sb.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
            }
        }
        sb.append('-').append(partition);
        // the "-<partition>" suffix means the name can never be "." or ".."
        String name = sb.toString();
        if (name.length() > NAME_BYTES_MAX) {
            throw new IllegalArgumentException("Topic name too long for a directory name once encoded ("
                    + name.length() + " > " + NAME_BYTES_MAX + " bytes): " + topic);
        }
        return name;
    }

    /** A parsed partition directory name. */
    record TopicPartitionName(String topic, int partition) {
    }

    /** The topic and partition a directory name encodes, or empty when it is not a partition directory. */
    static Optional<TopicPartitionName> parsePartitionDirName(String name) {
        int dash = name.lastIndexOf('-');
        if (dash <= 0 || dash == name.length() - 1) {
            return Optional.empty();
        }
        for (int i = dash + 1; i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return Optional.empty();
            }
        }
        int partition;
        try {
            partition = Integer.parseInt(name.substring(dash + 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(dash);
        for (int i = 0; i < dash; i++) {
            char c = name.charAt(i);
            if (c == '%') {
                if (i + 2 >= dash) {
                    return Optional.empty();
                }
                int hi = Character.digit(name.charAt(i + 1), 16);
                int lo = Character.digit(name.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c > 0x7f) {
                return Optional.empty();
            } else {
                out.write(c);
            }
        }
        return Optional.of(new TopicPartitionName(out.toString(StandardCharsets.UTF_8), partition));
    }

    /** Name of a partition directory awaiting removal; the prefix is cut so that the name stays legal. */
    static String deletedPartitionDirName(String partitionDirName, long uniqueId) {
        String suffix = "." + uniqueId + DELETE_DIR_SUFFIX;
        int keep = Math.min(partitionDirName.length(), NAME_BYTES_MAX - suffix.length());
        return partitionDirName.substring(0, keep) + suffix;
    }

    static boolean isDeletedPartitionDir(String name) {
        return name.endsWith(DELETE_DIR_SUFFIX);
    }

    /** Replaces {@code file} atomically and durably with {@code lines}. */
    static void writeAtomically(Path file, List<String> lines) throws IOException {
        writeAtomically(file, lines, true);
    }

    /**
     * Replaces {@code file} atomically with {@code lines}; {@code durable} also fsyncs the file and its directory
     * (otherwise the caller makes it durable later with {@link #fsyncFileAndDirectory}).
     */
    static void writeAtomically(Path file, List<String> lines, boolean durable) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        byte[] bytes = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            if (durable) {
                ch.force(true);
            }
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (durable) {
            fsyncDirectory(file.getParent());
        }
    }

    static void fsyncFileAndDirectory(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.force(true);
        }
        fsyncDirectory(file.getParent());
    }

    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** Reads "version, count, entries" checkpoint lines; empty when the file does not exist. */
    static Optional<List<String>> readCheckpointEntries(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.size() < 2 || !lines.get(0).trim().equals(String.valueOf(CHECKPOINT_VERSION))) {
            throw new IOException("Malformed checkpoint " + file + ": bad header");
        }
        int count;
        try {
            count = Integer.parseInt(lines.get(1).trim());
        } catch (NumberFormatException e) {
            throw new IOException("Malformed checkpoint " + file + ": bad count", e);
        }
        if (lines.size() < 2 + count) {
            throw new IOException("Malformed checkpoint " + file + ": " + count + " entries announced");
        }
        return Optional.of(new ArrayList<>(lines.subList(2, 2 + count)));
    }

    static void writeCheckpointEntries(Path file, List<String> entries) throws IOException {
        writeCheckpointEntries(file, entries, true);
    }

    static void writeCheckpointEntries(Path file, List<String> entries, boolean durable) throws IOException {
        List<String> lines = new ArrayList<>(entries.size() + 2);
        lines.add(String.valueOf(CHECKPOINT_VERSION));
        lines.add(String.valueOf(entries.size()));
        lines.addAll(entries);
        writeAtomically(file, lines, durable);
    }

    static Optional<Long> readSingleOffset(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).trim();
        try {
            return Optional.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new IOException("Malformed offset file " + file + ": '" + text + "'", e);
        }
    }

    static void writeSingleOffset(Path file, long offset) throws IOException {
        writeAtomically(file, List.of(String.valueOf(offset)));
    }
}
