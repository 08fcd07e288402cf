package io.runnel.client;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The position of a message: topic, partition and offset; or one of the two sentinels {@link #earliest} and
 * {@link #latest} (for readers and seeks). Immutable and thread-safe. Ordered by topic, partition, offset.
 *
 * <p>Binary form ({@link #toByteArray()}), big-endian:
 * <pre>
 *  0        1        2                 6                        14              16
 *  +--------+--------+-----------------+------------------------+---------------+----------------+
 *  |version | kind   | partition (i32) | offset (i64)           | topic len u16 | topic (UTF-8)  |
 *  +--------+--------+-----------------+------------------------+---------------+----------------+
 * </pre>
 * version is {@value #FORMAT_VERSION}; kind 0 = position, 1 = earliest, 2 = latest (a sentinel is the two header
 * bytes only). String form ({@link #toString()}): {@code topic:partition:offset}, or {@code earliest} /
 * {@code latest}; the topic may itself contain ':' (parsing splits at the last two).
 */
public final class MessageId implements Comparable<MessageId> {
    static final byte FORMAT_VERSION = 1;
    private static final byte KIND_POSITION = 0;
    private static final byte KIND_EARLIEST = 1;
    private static final byte KIND_LATEST = 2;
    private static final int HEADER_BYTES = 2;
    private static final int POSITION_BYTES = HEADER_BYTES + Integer.BYTES + Long.BYTES + Short.BYTES;
    private static final int TOPIC_BYTES_MAX = 0xFFFF;

    /** Before the first message of every partition. */
    public static final MessageId earliest = new MessageId(KIND_EARLIEST, "", -1, -1);
    /** After the last message of every partition at the time it is used. */
    public static final MessageId latest = new MessageId(KIND_LATEST, "", -1, -1);

    private final byte kind;
    private final String topic;
    private final int partition;
    private final long offset;

    private MessageId(byte kind, String topic, int partition, long offset) {
        this.kind = kind;
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
    }

    /** The message at {@code offset} of {@code topic}'s {@code partition}. */
    public static MessageId of(String topic, int partition, long offset) {
        Objects.requireNonNull(topic, "topic");
        if (topic.isEmpty()) {
            throw new IllegalArgumentException("topic must not be empty");
        }
        if (topic.getBytes(StandardCharsets.UTF_8).length > TOPIC_BYTES_MAX) {
            throw new IllegalArgumentException("topic longer than " + TOPIC_BYTES_MAX + " bytes");
        }
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0: " + partition);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0: " + offset);
        }
        return new MessageId(KIND_POSITION, topic, partition, offset);
    }

    public boolean isEarliest() {
        return kind == KIND_EARLIEST;
    }

    public boolean isLatest() {
        return kind == KIND_LATEST;
    }

    /** True for a real position (not a sentinel). */
    public boolean isPosition() {
        return kind == KIND_POSITION;
    }

    /** The topic; empty for a sentinel. */
    public String topic() {
        return topic;
    }

    /** The partition; -1 for a sentinel. */
    public int partition() {
        return partition;
    }

    /** The offset; -1 for a sentinel. */
    public long offset() {
        return offset;
    }

    /** The binary form (see the class comment). */
    public byte[] toByteArray() {
        if (kind != KIND_POSITION) {
            return new byte[] {FORMAT_VERSION, kind};
        }
        byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(POSITION_BYTES + topicBytes.length);
        buf.put(FORMAT_VERSION).put(kind).putInt(partition).putLong(offset).putShort((short) topicBytes.length)
                .put(topicBytes);
        return buf.array();
    }

    /**
     * Parses the binary form.
     *
     * @throws IllegalArgumentException if the bytes are not a message id of a known version
     */
    public static MessageId fromByteArray(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length < HEADER_BYTES) {
            throw new IllegalArgumentException("message id needs at least " + HEADER_BYTES + " bytes, got "
                    + bytes.length);
        }
        if (bytes[0] != FORMAT_VERSION) {
            throw new IllegalArgumentException("unknown message id format version " + bytes[0]);
        }
        byte kind = bytes[1];
        if (kind == KIND_EARLIEST || kind == KIND_LATEST) {
            if (bytes.length != HEADER_BYTES) {
                throw new IllegalArgumentException("sentinel message id has " + bytes.length + " bytes, expected "
                        + HEADER_BYTES);
            }
            return kind == KIND_EARLIEST ? earliest : latest;
        }
        if (kind != KIND_POSITION) {
            throw new IllegalArgumentException("unknown message id kind " + kind);
        }
        if (bytes.length < POSITION_BYTES) {
            throw new IllegalArgumentException("message id truncated: " + bytes.length + " bytes");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES);
        int partition = buf.getInt();
        long offset = buf.getLong();
        int topicLength = Short.toUnsignedInt(buf.getShort());
        if (buf.remaining() != topicLength) {
            throw new IllegalArgumentException("message id topic length " + topicLength + " but " + buf.remaining()
                    + " bytes follow");
        }
        String topic = new String(bytes, buf.position(), topicLength, StandardCharsets.UTF_8);
        return of(topic, partition, offset);
    }

    /**
     * Parses the string form ({@code topic:partition:offset}, {@code earliest} or {@code latest}).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static MessageId fromString(String text) {
        Objects.requireNonNull(text, "text");
        if (text.equals("earliest")) {
            return earliest;
        }
        if (text.equals("latest")) {
            return latest;
        }
        int offsetColon = text.lastIndexOf(':');
        int partitionColon = offsetColon <= 0 ? -1 : text.lastIndexOf(':', offsetColon - 1);
        if (partitionColon <= 0) {
            throw new IllegalArgumentException("'" + text + "' is not a message id (topic:partition:offset, "
                    + "earliest or latest)");
        }
        try {
            int partition = Integer.parseInt(text.substring(partitionColon + 1, offsetColon));
            long offset = Long.parseLong(text.substring(offsetColon + 1));
            return of(text.substring(0, partitionColon), partition, offset);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a message id: partition and offset must be "
                    + "numbers", e);
        }
    }

    @Override
    public String toString() {
        return switch (kind) {
            case KIND_EARLIEST -> "earliest";
            case KIND_LATEST -> "latest";
            default -> topic + ":" + partition + ":" + offset;
        };
    }

    /** Sentinels order before (earliest) and after (latest) every position. */
    @Override
    public int compareTo(MessageId o) {
        int byKind = Integer.compare(rank(), o.rank());
        if (byKind != 0 || kind != KIND_POSITION) {
            return byKind;
        }
        int c = topic.compareTo(o.topic);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(partition, o.partition);
        return c != 0 ? c : Long.compare(offset, o.offset);
    }

    private int rank() {
        return switch (kind) {
            case KIND_EARLIEST -> 0;
            case KIND_LATEST -> 2;
            default -> 1;
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessageId m && kind == m.kind && partition == m.partition && offset == m.offset
                && topic.equals(m.topic);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, topic, partition, offset);
    }
}
