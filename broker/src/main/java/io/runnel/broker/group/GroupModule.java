package io.runnel.broker.group;

import io.runnel.broker.BrokerContext;
import io.runnel.broker.BrokerModule;
import io.runnel.broker.admin.GroupConfigSeam;
import io.runnel.broker.group.api.ShareGroupConfigStore;
import io.runnel.broker.group.api.ConsumerGroupDescribeHandler;
import io.runnel.broker.group.api.ConsumerGroupHeartbeatHandler;
import io.runnel.broker.group.api.DeleteGroupsHandler;
import io.runnel.broker.group.api.DescribeGroupsHandler;
import io.runnel.broker.group.api.FindCoordinatorHandler;
import io.runnel.broker.group.api.HeartbeatHandler;
import io.runnel.broker.group.api.JoinGroupHandler;
import io.runnel.broker.group.api.LeaveGroupHandler;
import io.runnel.broker.group.api.ListGroupsHandler;
import io.runnel.broker.group.api.OffsetCommitHandler;
import io.runnel.broker.group.api.OffsetDeleteHandler;
import io.runnel.broker.group.api.OffsetFetchHandler;
import io.runnel.broker.group.api.ShareAcknowledgeHandler;
import io.runnel.broker.group.api.ShareFetchHandler;
import io.runnel.broker.group.api.ShareGroupDescribeHandler;
import io.runnel.broker.group.api.ShareGroupHeartbeatHandler;
import io.runnel.broker.group.api.ShareGroupOffsetsHandlers;
import io.runnel.broker.group.api.SyncGroupHandler;
import io.runnel.broker.partition.PartitionModule;
import io.runnel.common.config.ConfigKey;
import java.util.List;

/**
 * Consumer groups as a broker module: the {@link GroupCoordinator} (a metadata listener over the partitions of
 * {@code __consumer_offsets}) and the group API handlers. Starts after the partition module, whose partition
 * manager and timer wheel it uses.
 *
 * <p>Thread: started and closed by the broker lifecycle thread.
 */
public final class GroupModule implements BrokerModule {
    /** Directory (under the log dir) of the share groups' delay indexes. */
    public static final String SHARE_DELAY_DIR = "share-delays";

    private final PartitionModule partitions;
    private volatile GroupCoordinator coordinator;

    private final GroupConfigSeam groupConfigs;

    public GroupModule(PartitionModule partitions) {
        this(partitions, new GroupConfigSeam());
    }

    /** @param groupConfigs the seam DescribeConfigs / IncrementalAlterConfigs reach group configs through */
    public GroupModule(PartitionModule partitions, GroupConfigSeam groupConfigs) {
        this.partitions = partitions;
        this.groupConfigs = groupConfigs;
    }

    @Override
    public String name() {
        return "groups";
    }

    @Override
    public List<ConfigKey<?>> configKeys() {
        List<ConfigKey<?>> keys = new java.util.ArrayList<>(GroupCoordinatorConfig.KEYS);
        keys.addAll(ShareGroupConfig.KEYS);
        return keys;
    }

    @Override
    public void start(BrokerContext ctx) {
        GroupCoordinatorConfig config = GroupCoordinatorConfig.from(ctx.config().config());
        coordinator = new GroupCoordinator(config, ShareGroupConfig.from(ctx.config().config()), ctx.time(),
                partitions.partitionManager(), ctx.metadata(), partitions.timer(),
                ctx.logDir().resolve(SHARE_DELAY_DIR));
        ctx.metadata().addListener(coordinator);
        groupConfigs.bind(new ShareGroupConfigStore(coordinator));
        ctx.handlers()
                .register(new FindCoordinatorHandler(coordinator, ctx.metadata()))
                .register(new JoinGroupHandler(coordinator))
                .register(new SyncGroupHandler(coordinator))
                .register(new HeartbeatHandler(coordinator))
                .register(new LeaveGroupHandler(coordinator))
                .register(new OffsetCommitHandler(coordinator))
                .register(new OffsetFetchHandler(coordinator))
                .register(new DescribeGroupsHandler(coordinator))
                .register(new ListGroupsHandler(coordinator))
                .register(new DeleteGroupsHandler(coordinator))
                .register(new OffsetDeleteHandler(coordinator))
                .register(new ConsumerGroupHeartbeatHandler(coordinator))
                .register(new ConsumerGroupDescribeHandler(coordinator))
                .register(new ShareGroupHeartbeatHandler(coordinator))
                .register(new ShareGroupDescribeHandler(coordinator))
                .register(new ShareFetchHandler(coordinator, ctx.metadata()))
                .register(new ShareAcknowledgeHandler(coordinator, ctx.metadata()))
                .register(new ShareGroupOffsetsHandlers.Describe(coordinator))
                .register(new ShareGroupOffsetsHandlers.Alter(coordinator))
                .register(new ShareGroupOffsetsHandlers.Delete(coordinator));
    }

    /** The coordinator; available once the module started. */
    public GroupCoordinator coordinator() {
        return coordinator;
    }

    @Override
    public void close() {
        if (coordinator != null) {
            coordinator.close();
        }
    }
}
