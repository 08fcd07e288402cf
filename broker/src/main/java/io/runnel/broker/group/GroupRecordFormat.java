package io.runnel.broker.group;

import io.runnel.broker.group.GroupRecord.ClassicGroupValue;
import io.runnel.broker.group.GroupRecord.ClassicMemberValue;
import io.runnel.broker.group.GroupRecord.ConsumerGroupValue;
import io.runnel.broker.group.GroupRecord.ConsumerMemberValue;
import io.runnel.broker.group.GroupRecord.CurrentAssignmentValue;
import io.runnel.broker.group.GroupRecord.Key;
import io.runnel.broker.group.GroupRecord.OffsetValue;
import io.runnel.broker.group.GroupRecord.ShareGroupConfigValue;
import io.runnel.broker.group.GroupRecord.ShareGroupValue;
import io.runnel.broker.group.GroupRecord.SharePartitionValue;
import io.runnel.broker.group.GroupRecord.StateRange;
import io.runnel.broker.group.GroupRecord.TargetAssignmentEpochValue;
import io.runnel.broker.group.GroupRecord.TargetAssignmentValue;
import io.runnel.broker.group.GroupRecord.Value;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;

/**
 * The binary layout of the key and value of every {@code __consumer_offsets} record (Kafka record batch v2 holds
 * them as the record key and value bytes). Stateless, thread-safe. All integers big-endian.
 *
 * <pre>
 * key:
 *   0        2                         2+2+g
 *   +--------+------------------------+------------------------------------------+
 *   | type   | group id               | per type:                                |
 *   | int16  | str (int16 len, UTF-8) |   OFFSET (0): topic str, partition int32 |
 *   |        |                        |   member records (3,5,6): member id str  |
 *   |        |                        |   group records (1,2,4,7,9): nothing     |
 *   +--------+------------------------+------------------------------------------+
 *
 * value (absent = tombstone):
 *   +---------+--------------------------------------------------------------------+
 *   | version | fields of the type, in declaration order of the GroupRecord values |
 *   | int16   |                                                                    |
 *   +---------+--------------------------------------------------------------------+
 *   OFFSET            offset int64, leaderEpoch int32, metadata nstr, commitTs int64, expireTs int64
 *   CLASSIC_GROUP     protocolType str, generation int32, protocolName nstr, leader nstr, stateTs int64,
 *                     members int32 count x (memberId str, instanceId nstr, clientId str, clientHost str,
 *                     rebalanceTimeout int32, sessionTimeout int32, subscription bytes, assignment bytes)
 *   CONSUMER_GROUP    epoch int32, metadataHash int64
 *   CONSUMER_MEMBER   instanceId nstr, rackId nstr, clientId str, clientHost str, topics int32 count x str,
 *                     regex nstr, serverAssignor nstr, rebalanceTimeout int32
 *   TARGET_EPOCH      assignmentEpoch int32
 *   TARGET_MEMBER     assignment
 *   CURRENT_MEMBER    memberEpoch int32, previousEpoch int32, state int8, assigned assignment,
 *                     pendingRevocation assignment
 *   SHARE_GROUP       epoch int32
 *   SHARE_PARTITION   topicId 16 bytes, startOffset int64 (SPSO), endOffset int64 (SPEO), stateEpoch int32,
 *                     ranges: window ranges covering [SPSO, SPEO) exactly, due ranges (delayed records below SPSO
 *                     taken back from the delay index), delayTakenThroughMs int64
 *                     ranges = int32 count x (firstOffset int64, lastOffset int64, state int8,
 *                     deliveryCount int32, deliverAtMs int64);
 *                     state 0 available, 2 acknowledged, 4 archived, 5 delayed
 *   GROUP_CONFIG      configs int32 count x (name str, value str)
 *
 *   str  = int16 length + UTF-8 bytes; nstr = same with length -1 for null
 *   bytes = int32 length + bytes
 *   assignment = int32 topic count x (topic id 16 bytes (msb int64, lsb int64), int32 count x int32 partition)
 * </pre>
 *
 * <p>Readers reject an unknown key type or a value version newer than {@link #VALUE_VERSION} with
 * {@link IllegalArgumentException}: a coordinator must not load state it does not understand.
 */
public final class GroupRecordFormat {
    public static final short TYPE_OFFSET = 0;
    public static final short TYPE_CLASSIC_GROUP = 1;
    public static final short TYPE_CONSUMER_GROUP = 2;
    public static final short TYPE_CONSUMER_MEMBER = 3;
    public static final short TYPE_TARGET_EPOCH = 4;
    public static final short TYPE_TARGET_MEMBER = 5;
    public static final short TYPE_CURRENT_MEMBER = 6;
    public static final short TYPE_SHARE_GROUP = 7;
    public static final short TYPE_SHARE_PARTITION = 8;
    public static final short TYPE_GROUP_CONFIG = 9;

    public static final short VALUE_VERSION = 0;

    private static final int TYPE_OFFSET_IN_KEY = 0;
    private static final int GROUP_ID_OFFSET_IN_KEY = 2;

    private GroupRecordFormat() {
    }

    public static byte[] encodeKey(Key key) {
        Writer w = new Writer();
        w.i16(key.type());
        w.str(key.groupId());
        switch (key.type()) {
            case TYPE_OFFSET, TYPE_SHARE_PARTITION -> {
                w.str(key.sub());
                w.i32(key.partition());
            }
            case TYPE_CONSUMER_MEMBER, TYPE_TARGET_MEMBER, TYPE_CURRENT_MEMBER -> w.str(key.sub());
            case TYPE_CLASSIC_GROUP, TYPE_CONSUMER_GROUP, TYPE_TARGET_EPOCH, TYPE_SHARE_GROUP, TYPE_GROUP_CONFIG -> { }
            default -> throw new IllegalArgumentException("unknown record type " + key.type());
        }
        return w.toArray();
    }

    public static Key decodeKey(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        try {
            short type = b.getShort(b.position() + TYPE_OFFSET_IN_KEY);
            b.position(b.position() + GROUP_ID_OFFSET_IN_KEY);
            String group = readStr(b);
            Key key = switch (type) {
                case TYPE_OFFSET -> Key.offset(group, readStr(b), b.getInt());
                case TYPE_SHARE_PARTITION -> Key.sharePartition(group, readStr(b), b.getInt());
                case TYPE_CONSUMER_MEMBER, TYPE_TARGET_MEMBER, TYPE_CURRENT_MEMBER -> Key.member(type, group, readStr(b));
                case TYPE_CLASSIC_GROUP, TYPE_CONSUMER_GROUP, TYPE_TARGET_EPOCH, TYPE_SHARE_GROUP, TYPE_GROUP_CONFIG ->
                        Key.group(type, group);
                default -> throw new IllegalArgumentException("unknown record type " + type);
            };
            requireConsumed(b, "key");
            return key;
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("truncated record key", e);
        }
    }

    /** The value bytes, or null for a tombstone. */
    public static byte[] encodeValue(Value value) {
        if (value == null) {
            return null;
        }
        Writer w = new Writer();
        w.i16(VALUE_VERSION);
        if (value instanceof OffsetValue v) {
            w.i64(v.offset());
            w.i32(v.leaderEpoch());
            w.nstr(v.metadata());
            w.i64(v.commitTimestampMs());
            w.i64(v.expireTimestampMs());
        } else if (value instanceof ClassicGroupValue v) {
            w.str(v.protocolType());
            w.i32(v.generation());
            w.nstr(v.protocolName());
            w.nstr(v.leaderId());
            w.i64(v.stateTimestampMs());
            w.i32(v.members().size());
            for (ClassicMemberValue m : v.members()) {
                w.str(m.memberId());
                w.nstr(m.instanceId());
                w.str(m.clientId());
                w.str(m.clientHost());
                w.i32(m.rebalanceTimeoutMs());
                w.i32(m.sessionTimeoutMs());
                w.bytes(m.subscription());
                w.bytes(m.assignment());
            }
        } else if (value instanceof ConsumerGroupValue v) {
            w.i32(v.epoch());
            w.i64(v.metadataHash());
        } else if (value instanceof ConsumerMemberValue v) {
            w.nstr(v.instanceId());
            w.nstr(v.rackId());
            w.str(v.clientId());
            w.str(v.clientHost());
            w.i32(v.subscribedTopicNames().size());
            for (String topic : v.subscribedTopicNames()) {
                w.str(topic);
            }
            w.nstr(v.subscribedTopicRegex());
            w.nstr(v.serverAssignor());
            w.i32(v.rebalanceTimeoutMs());
        } else if (value instanceof TargetAssignmentEpochValue v) {
            w.i32(v.assignmentEpoch());
        } else if (value instanceof TargetAssignmentValue v) {
            w.assignment(v.partitions());
        } else if (value instanceof CurrentAssignmentValue v) {
            w.i32(v.memberEpoch());
            w.i32(v.previousMemberEpoch());
            w.i8(v.state().code());
            w.assignment(v.assigned());
            w.assignment(v.pendingRevocation());
        } else if (value instanceof ShareGroupValue v) {
            w.i32(v.epoch());
        } else if (value instanceof SharePartitionValue v) {
            w.i64(v.topicId().getMostSignificantBits());
            w.i64(v.topicId().getLeastSignificantBits());
            w.i64(v.startOffset());
            w.i64(v.endOffset());
            w.i32(v.stateEpoch());
            w.ranges(v.ranges());
            w.ranges(v.due());
            w.i64(v.delayTakenThroughMs());
        } else if (value instanceof ShareGroupConfigValue v) {
            w.i32(v.configs().size());
            for (Map.Entry<String, String> e : new TreeMap<>(v.configs()).entrySet()) {
                w.str(e.getKey());
                w.str(e.getValue());
            }
        } else {
            throw new IllegalArgumentException("unknown value " + value);
        }
        return w.toArray();
    }

    /** Decodes the value of a record whose key has {@code type}; null buffer = tombstone = null. */
    public static Value decodeValue(short type, ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        ByteBuffer b = buffer.duplicate();
        try {
            short version = b.getShort();
            if (version < 0 || version > VALUE_VERSION) {
                throw new IllegalArgumentException("unsupported value version " + version + " of type " + type);
            }
            Value value = switch (type) {
                case TYPE_OFFSET -> new OffsetValue(b.getLong(), b.getInt(), readNstr(b), b.getLong(), b.getLong());
                case TYPE_CLASSIC_GROUP -> readClassicGroup(b);
                case TYPE_CONSUMER_GROUP -> new ConsumerGroupValue(b.getInt(), b.getLong());
                case TYPE_CONSUMER_MEMBER -> readConsumerMember(b);
                case TYPE_TARGET_EPOCH -> new TargetAssignmentEpochValue(b.getInt());
                case TYPE_TARGET_MEMBER -> new TargetAssignmentValue(readAssignment(b));
                case TYPE_CURRENT_MEMBER -> new CurrentAssignmentValue(b.getInt(), b.getInt(),
                        MemberState.fromCode(b.get()), readAssignment(b), readAssignment(b));
                case TYPE_SHARE_GROUP -> new ShareGroupValue(b.getInt());
                case TYPE_SHARE_PARTITION -> readSharePartition(b);
                case TYPE_GROUP_CONFIG -> readGroupConfig(b);
                default -> throw new IllegalArgumentException("unknown record type " + type);
            };
            requireConsumed(b, "value");
            return value;
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("truncated record value of type " + type, e);
        }
    }

    public static GroupRecord decode(ByteBuffer key, ByteBuffer valueOrNull) {
        Key k = decodeKey(key);
        return new GroupRecord(k, decodeValue(k.type(), valueOrNull));
    }

    private static ClassicGroupValue readClassicGroup(ByteBuffer b) {
        String protocolType = readStr(b);
        int generation = b.getInt();
        String protocolName = readNstr(b);
        String leader = readNstr(b);
        long stateTs = b.getLong();
        int count = readCount(b);
        List<ClassicMemberValue> members = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            members.add(new ClassicMemberValue(readStr(b), readNstr(b), readStr(b), readStr(b), b.getInt(),
                    b.getInt(), readBytes(b), readBytes(b)));
        }
        return new ClassicGroupValue(protocolType, generation, protocolName, leader, stateTs, members);
    }

    private static SharePartitionValue readSharePartition(ByteBuffer b) {
        Uuid topicId = new Uuid(b.getLong(), b.getLong());
        long start = b.getLong();
        long end = b.getLong();
        int stateEpoch = b.getInt();
        List<StateRange> ranges = readRanges(b);
        List<StateRange> due = readRanges(b);
        return new SharePartitionValue(topicId, start, end, stateEpoch, ranges, due, b.getLong());
    }

    private static List<StateRange> readRanges(ByteBuffer b) {
        int count = readCount(b);
        List<StateRange> ranges = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ranges.add(new StateRange(b.getLong(), b.getLong(), b.get(), b.getInt(), b.getLong()));
        }
        return ranges;
    }

    private static ShareGroupConfigValue readGroupConfig(ByteBuffer b) {
        int count = readCount(b);
        Map<String, String> configs = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            configs.put(readStr(b), readStr(b));
        }
        return new ShareGroupConfigValue(configs);
    }

    private static ConsumerMemberValue readConsumerMember(ByteBuffer b) {
        String instanceId = readNstr(b);
        String rackId = readNstr(b);
        String clientId = readStr(b);
        String clientHost = readStr(b);
        int count = readCount(b);
        List<String> topics = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            topics.add(readStr(b));
        }
        return new ConsumerMemberValue(instanceId, rackId, clientId, clientHost, topics, readNstr(b), readNstr(b),
                b.getInt());
    }

    private static Map<Uuid, Set<Integer>> readAssignment(ByteBuffer b) {
        int topics = readCount(b);
        TreeMap<Uuid, Set<Integer>> out = new TreeMap<>();
        for (int i = 0; i < topics; i++) {
            Uuid id = new Uuid(b.getLong(), b.getLong());
            int count = readCount(b);
            TreeSet<Integer> partitions = new TreeSet<>();
            for (int j = 0; j < count; j++) {
                partitions.add(b.getInt());
            }
            out.put(id, partitions);
        }
        return Assignments.copyOf(out);
    }

    private static int readCount(ByteBuffer b) {
        int count = b.getInt();
        if (count < 0 || count > b.remaining()) {
            throw new IllegalArgumentException("invalid element count " + count);
        }
        return count;
    }

    private static String readStr(ByteBuffer b) {
        String s = readNstr(b);
        if (s == null) {
            throw new IllegalArgumentException("null where a string is required");
        }
        return s;
    }

    private static String readNstr(ByteBuffer b) {
        short len = b.getShort();
        if (len < 0) {
            return null;
        }
        byte[] bytes = new byte[len];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(ByteBuffer b) {
        int len = readCount(b);
        byte[] bytes = new byte[len];
        b.get(bytes);
        return bytes;
    }

    private static void requireConsumed(ByteBuffer b, String what) {
        if (b.hasRemaining()) {
            throw new IllegalArgumentException(b.remaining() + " trailing bytes in record " + what);
        }
    }

    /** Grows as needed; one per encoded key or value. */
    private static final class Writer {
        private ByteBuffer buf = ByteBuffer.allocate(64);

        private void ensure(int n) {
            if (buf.remaining() < n) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + n));
                buf.flip();
                bigger.put(buf);
                buf = bigger;
            }
        }

        void i8(byte v) {
            ensure(1);
            buf.put(v);
        }

        void i16(short v) {
            ensure(2);
            buf.putShort(v);
        }

        void i32(int v) {
            ensure(4);
            buf.putInt(v);
        }

        void i64(long v) {
            ensure(8);
            buf.putLong(v);
        }

        void str(String s) {
            if (s == null) {
                throw new IllegalArgumentException("null where a string is required");
            }
            nstr(s);
        }

        void nstr(String s) {
            if (s == null) {
                i16((short) -1);
                return;
            }
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > Short.MAX_VALUE) {
                throw new IllegalArgumentException("string longer than " + Short.MAX_VALUE + " bytes");
            }
            i16((short) bytes.length);
            ensure(bytes.length);
            buf.put(bytes);
        }

        void bytes(byte[] bytes) {
            i32(bytes.length);
            ensure(bytes.length);
            buf.put(bytes);
        }

        void ranges(List<StateRange> ranges) {
            i32(ranges.size());
            for (StateRange r : ranges) {
                i64(r.firstOffset());
                i64(r.lastOffset());
                i8(r.state());
                i32(r.deliveryCount());
                i64(r.deliverAtMs());
            }
        }

        void assignment(Map<Uuid, Set<Integer>> a) {
            i32(a.size());
            for (Map.Entry<Uuid, Set<Integer>> e : a.entrySet()) {
                i64(e.getKey().getMostSignificantBits());
                i64(e.getKey().getLeastSignificantBits());
                i32(e.getValue().size());
                for (int p : e.getValue()) {
                    i32(p);
                }
            }
        }

        byte[] toArray() {
            byte[] out = new byte[buf.position()];
            buf.flip();
            buf.get(out);
            return out;
        }
    }
}
