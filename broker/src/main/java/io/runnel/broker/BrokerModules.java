package io.runnel.broker;

import io.runnel.broker.admin.AdminModule;
import io.runnel.broker.admin.GroupConfigSeam;
import io.runnel.broker.group.GroupModule;
import io.runnel.broker.partition.PartitionModule;
import java.util.List;

/**
 * The broker's modules, in start order. Each area adds its one line here (keep the list additive so parallel
 * work merges cleanly). Modules must be cheap to construct: {@link io.runnel.broker.config.BrokerConfig} builds the
 * list to collect their configuration keys.
 */
public final class BrokerModules {
    private BrokerModules() {
    }

    public static List<BrokerModule> all() {
        PartitionModule partitions = new PartitionModule();
        GroupConfigSeam groupConfigs = new GroupConfigSeam();
        return List.of(
                new AdminModule(groupConfigs),
                partitions,
                new GroupModule(partitions, groupConfigs)
        );
    }
}
