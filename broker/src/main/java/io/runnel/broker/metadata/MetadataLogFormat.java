package io.runnel.broker.metadata;

import io.runnel.broker.network.Listener;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.apache.kafka.common.Uuid;

/**
 * The metadata log file: a sequence of batches, each written with one append and one fsync, so that a batch
 * (for example a topic with its partitions and configs) is applied whole or not at all. All integers are
 * big-endian.
 *
 * <pre>
 * batch:
 *   0                   4                   8                  16                20
 *   +-------------------+-------------------+------------------+-----------------+-------------
 *   | batchLength int32 | crc int32         | baseOffset int64 | recordCount i32 | records ...
 *   +-------------------+-------------------+------------------+-----------------+-------------
 *   batchLength counts the bytes after itself; crc is CRC-32C of bytes [8, 4 + batchLength).
 *   baseOffset is the offset of the first record; offsets are contiguous across the whole file from 0.
 *
 * record:
 *   0             2                4                     8
 *   +-------------+----------------+---------------------+----------
 *   | type int16  | version int16  | payloadLength int32 | payload ...
 *   +-------------+----------------+---------------------+----------
 *
 * payloads (string = int32 byte length, then UTF-8; -1 length = null; uuid = two int64):
 *   1 CLUSTER_ID       string clusterId
 *   2 REGISTER_BROKER  int32 brokerId, int32 n, n x (string name, string host, int32 port), string rack
 *   3 TOPIC            string name, uuid topicId, int8 internal
 *   4 PARTITION        uuid topicId, int32 partition, int32 leaderId, int32 leaderEpoch
 *   5 TOPIC_CONFIG     uuid topicId, string key, string value (null: override removed)
 *   6 REMOVE_TOPIC     uuid topicId
 * </pre>
 *
 * A reader meeting an unknown record type or version refuses to start: metadata must never be half understood.
 * Stateless.
 */
public final class MetadataLogFormat {
    public static final String FILE_NAME = "runnel-metadata.bin";

    public static final int LENGTH_OFFSET = 0;
    public static final int CRC_OFFSET = 4;
    public static final int BASE_OFFSET_OFFSET = 8;
    public static final int RECORD_COUNT_OFFSET = 16;
    public static final int BATCH_HEADER_BYTES = 20;
    /** Bytes of the batch header not counted by batchLength. */
    public static final int LENGTH_FIELD_BYTES = 4;
    /** A batch larger than this is corruption, not metadata. */
    public static final int BATCH_BYTES_MAX = 64 * 1024 * 1024;

    static final short CLUSTER_ID = 1;
    static final short REGISTER_BROKER = 2;
    static final short TOPIC = 3;
    static final short PARTITION = 4;
    static final short TOPIC_CONFIG = 5;
    static final short REMOVE_TOPIC = 6;
    static final short VERSION_0 = 0;

    private MetadataLogFormat() {
    }

    /** Encodes one batch, ready to append. */
    public static ByteBuffer encodeBatch(long baseOffset, List<MetadataRecord> records) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(0);
            out.writeInt(0);
            out.writeLong(baseOffset);
            out.writeInt(records.size());
            for (MetadataRecord record : records) {
                ByteArrayOutputStream payloadBytes = new ByteArrayOutputStream(64);
                short type = writePayload(new DataOutputStream(payloadBytes), record);
                out.writeShort(type);
                out.writeShort(VERSION_0);
                out.writeInt(payloadBytes.size());
                payloadBytes.writeTo(out);
            }
            out.flush();
            ByteBuffer batch = ByteBuffer.wrap(bytes.toByteArray());
            batch.putInt(LENGTH_OFFSET, batch.remaining() - LENGTH_FIELD_BYTES);
            CRC32C crc = new CRC32C();
            crc.update(batch.array(), BASE_OFFSET_OFFSET, batch.remaining() - BASE_OFFSET_OFFSET);
            batch.putInt(CRC_OFFSET, (int) crc.getValue());
            return batch;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when the CRC of a complete batch (starting at position 0 of {@code batch}) matches. */
    public static boolean crcMatches(ByteBuffer batch) {
        CRC32C crc = new CRC32C();
        ByteBuffer covered = batch.duplicate().position(BASE_OFFSET_OFFSET);
        crc.update(covered);
        return (int) crc.getValue() == batch.getInt(CRC_OFFSET);
    }

    /** Decodes the records of a complete, CRC-checked batch. Unknown types or versions throw. */
    public static List<MetadataRecord> decodeRecords(ByteBuffer batch) throws IOException {
        int count = batch.getInt(RECORD_COUNT_OFFSET);
        byte[] body = new byte[batch.limit() - BATCH_HEADER_BYTES];
        batch.duplicate().position(BATCH_HEADER_BYTES).get(body);
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(body));
        List<MetadataRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            short type = in.readShort();
            short version = in.readShort();
            int payloadLength = in.readInt();
            if (version != VERSION_0) {
                throw new IOException("metadata record type " + type + " has unknown version " + version);
            }
            byte[] payload = new byte[payloadLength];
            in.readFully(payload);
            records.add(readPayload(type, new DataInputStream(new java.io.ByteArrayInputStream(payload))));
        }
        if (in.available() != 0) {
            throw new IOException("metadata batch has " + in.available() + " trailing bytes");
        }
        return records;
    }

    public static long baseOffset(ByteBuffer batch) {
        return batch.getLong(BASE_OFFSET_OFFSET);
    }

    public static int recordCount(ByteBuffer batch) {
        return batch.getInt(RECORD_COUNT_OFFSET);
    }

    private static short writePayload(DataOutputStream out, MetadataRecord record) throws IOException {
        if (record instanceof MetadataRecord.ClusterId r) {
            writeString(out, r.clusterId());
            return CLUSTER_ID;
        } else if (record instanceof MetadataRecord.RegisterBroker r) {
            out.writeInt(r.brokerId());
            out.writeInt(r.endpoints().size());
            for (Listener endpoint : r.endpoints()) {
                writeString(out, endpoint.name());
                writeString(out, endpoint.host());
                out.writeInt(endpoint.port());
            }
            writeString(out, r.rack());
            return REGISTER_BROKER;
        } else if (record instanceof MetadataRecord.Topic r) {
            writeString(out, r.name());
            writeUuid(out, r.topicId());
            out.writeByte(r.internal() ? 1 : 0);
            return TOPIC;
        } else if (record instanceof MetadataRecord.Partition r) {
            writeUuid(out, r.topicId());
            out.writeInt(r.partition());
            out.writeInt(r.leaderId());
            out.writeInt(r.leaderEpoch());
            return PARTITION;
        } else if (record instanceof MetadataRecord.TopicConfig r) {
            writeUuid(out, r.topicId());
            writeString(out, r.key());
            writeString(out, r.value());
            return TOPIC_CONFIG;
        } else if (record instanceof MetadataRecord.RemoveTopic r) {
            writeUuid(out, r.topicId());
            return REMOVE_TOPIC;
        }
        throw new IllegalArgumentException("unknown metadata record " + record);
    }

    private static MetadataRecord readPayload(short type, DataInputStream in) throws IOException {
        switch (type) {
            case CLUSTER_ID:
                return new MetadataRecord.ClusterId(readString(in));
            case REGISTER_BROKER: {
                int brokerId = in.readInt();
                int n = in.readInt();
                List<Listener> endpoints = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    endpoints.add(new Listener(readString(in), readString(in), in.readInt()));
                }
                return new MetadataRecord.RegisterBroker(brokerId, endpoints, readString(in));
            }
            case TOPIC:
                return new MetadataRecord.Topic(readString(in), readUuid(in), in.readByte() != 0);
            case PARTITION:
                return new MetadataRecord.Partition(readUuid(in), in.readInt(), in.readInt(), in.readInt());
            case TOPIC_CONFIG:
                return new MetadataRecord.TopicConfig(readUuid(in), readString(in), readString(in));
            case REMOVE_TOPIC:
                return new MetadataRecord.RemoveTopic(readUuid(in));
            default:
                throw new IOException("unknown metadata record type " + type);
        }
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void writeUuid(DataOutputStream out, Uuid id) throws IOException {
        out.writeLong(id.getMostSignificantBits());
        out.writeLong(id.getLeastSignificantBits());
    }

    private static Uuid readUuid(DataInputStream in) throws IOException {
        return new Uuid(in.readLong(), in.readLong());
    }
}
