package io.runnel.broker.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.Uuid;

class GroupRecordFormatProperties {

    @Property(tries = 300)
    void shouldRoundTripEveryRecord(@ForAll("records") GroupRecord record) {
        byte[] key = GroupRecordFormat.encodeKey(record.key());
        byte[] value = GroupRecordFormat.encodeValue(record.value());
        GroupRecord decoded = GroupRecordFormat.decode(ByteBuffer.wrap(key), value == null ? null : ByteBuffer.wrap(value));
        assertThat(decoded).isEqualTo(record);
    }

    @Property(tries = 300)
    void shouldRejectTruncatedValuesWithIllegalArgument(@ForAll("records") GroupRecord record,
                                                       @ForAll("fractions") double fraction) {
        byte[] value = GroupRecordFormat.encodeValue(record.value());
        if (value == null || value.length < 3) {
            return;
        }
        int cut = Math.max(0, Math.min(value.length - 1, (int) (value.length * fraction)));
        ByteBuffer truncated = ByteBuffer.wrap(value, 0, cut).slice();
        assertThatThrownBy(() -> GroupRecordFormat.decodeValue(record.key().type(), truncated))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 300)
    void shouldRejectGarbageKeysWithIllegalArgumentOnly(@ForAll byte[] garbage) {
        try {
            GroupRecordFormat.decodeKey(ByteBuffer.wrap(garbage));
        } catch (IllegalArgumentException expected) {
            // the only acceptable failure
        }
    }

    @Provide
    Arbitrary<Double> fractions() {
        return Arbitraries.doubles().between(0, 1);
    }

    @Provide
    Arbitrary<GroupRecord> records() {
        Arbitrary<String> group = Arbitraries.strings().ofMinLength(1).ofMaxLength(20);
        Arbitrary<String> str = Arbitraries.strings().ofMaxLength(20);
        Arbitrary<String> nstr = str.injectNull(0.3);
        Arbitrary<Map<Uuid, Set<Integer>>> assignment = Arbitraries.maps(
                Arbitraries.longs().map(l -> new Uuid(l, ~l)),
                Arbitraries.integers().between(0, 100).set().ofMaxSize(5)).ofMaxSize(4);
        Arbitrary<GroupRecord> offset = Combinators.combine(group, str, Arbitraries.integers().between(0, 1000),
                Arbitraries.longs(), Arbitraries.integers(), nstr, Arbitraries.longs()).as(
                        (g, t, p, o, e, m, ts) -> new GroupRecord(Key.offset(g, t, p),
                                new OffsetValue(o, e, m, ts, -1)));
        Arbitrary<ClassicMemberValue> member = Combinators.combine(str, nstr, str, str, Arbitraries.integers(),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(10),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(10)).as(
                        (id, inst, client, host, timeout, sub, asg) -> new ClassicMemberValue(id, inst, client, host,
                                timeout, timeout / 2, sub, asg));
        Arbitrary<GroupRecord> classic = Combinators.combine(group, str, Arbitraries.integers(), nstr, nstr,
                member.list().ofMaxSize(4)).as((g, type, gen, proto, leader, members) -> new GroupRecord(
                        Key.group(GroupRecordFormat.TYPE_CLASSIC_GROUP, g),
                        new ClassicGroupValue(type, gen, proto, leader, 7L, members)));
        Arbitrary<GroupRecord> consumerGroup = Combinators.combine(group, Arbitraries.integers(), Arbitraries.longs())
                .as((g, e, h) -> new GroupRecord(Key.group(GroupRecordFormat.TYPE_CONSUMER_GROUP, g),
                        new ConsumerGroupValue(e, h)));
        Arbitrary<GroupRecord> consumerMember = Combinators.combine(group, str, nstr, nstr, str.list().ofMaxSize(5),
                nstr, Arbitraries.integers()).as((g, m, inst, regex, topics, assignor, timeout) -> new GroupRecord(
                        Key.member(GroupRecordFormat.TYPE_CONSUMER_MEMBER, g, m),
                        new ConsumerMemberValue(inst, regex, "client", "/127.0.0.1", topics, regex, assignor,
                                timeout)));
        Arbitrary<GroupRecord> targetEpoch = Combinators.combine(group, Arbitraries.integers()).as(
                (g, e) -> new GroupRecord(Key.group(GroupRecordFormat.TYPE_TARGET_EPOCH, g),
                        new TargetAssignmentEpochValue(e)));
        Arbitrary<GroupRecord> target = Combinators.combine(group, str, assignment).as(
                (g, m, a) -> new GroupRecord(Key.member(GroupRecordFormat.TYPE_TARGET_MEMBER, g, m),
                        new TargetAssignmentValue(a)));
        Arbitrary<GroupRecord> current = Combinators.combine(group, str, Arbitraries.integers(),
                Arbitraries.of(MemberState.class), assignment, assignment).as(
                        (g, m, e, s, a, p) -> new GroupRecord(Key.member(GroupRecordFormat.TYPE_CURRENT_MEMBER, g, m),
                                new CurrentAssignmentValue(e, e - 1, s, a, p)));
        Arbitrary<GroupRecord> tombstone = Combinators.combine(group, str).as(
                (g, m) -> new GroupRecord(Key.member(GroupRecordFormat.TYPE_CURRENT_MEMBER, g, m), null));
        Arbitrary<GroupRecord> shareGroup = Combinators.combine(group, Arbitraries.integers()).as(
                (g, e) -> new GroupRecord(Key.group(GroupRecordFormat.TYPE_SHARE_GROUP, g), new ShareGroupValue(e)));
        Arbitrary<StateRange> range = Combinators.combine(Arbitraries.longs().between(0, 1L << 40),
                Arbitraries.integers().between(0, 100), Arbitraries.of((byte) 0, (byte) 2, (byte) 4, (byte) 5),
                Arbitraries.integers().between(0, 10), Arbitraries.longs()).as((first, len, st, count, at) ->
                        new StateRange(first, first + len, st, count, at));
        Arbitrary<GroupRecord> sharePartition = Combinators.combine(group, str, Arbitraries.integers().between(0, 99),
                Arbitraries.longs(), Arbitraries.longs().between(0, 1L << 40), Arbitraries.integers(),
                range.list().ofMaxSize(5), range.list().ofMaxSize(3)).as((g, t, p, id, start, epoch, ranges, due) ->
                        new GroupRecord(Key.sharePartition(g, t, p), new SharePartitionValue(new Uuid(id, ~id), start,
                                start + 5, epoch, ranges, due, start * 7)));
        Arbitrary<GroupRecord> groupConfig = Combinators.combine(group, Arbitraries.maps(str, str).ofMaxSize(4)).as(
                (g, m) -> new GroupRecord(Key.group(GroupRecordFormat.TYPE_GROUP_CONFIG, g),
                        new ShareGroupConfigValue(m)));
        return Arbitraries.oneOf(List.of(offset, classic, consumerGroup, consumerMember, targetEpoch, target, current,
                tombstone, shareGroup, sharePartition, groupConfig));
    }
}
