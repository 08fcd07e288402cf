package io.runnel.broker.admin;

import io.runnel.broker.BrokerContext;
import io.runnel.broker.BrokerModule;

/**
 * Cluster and topic administration: Metadata, CreateTopics, DeleteTopics, CreatePartitions, DescribeConfigs,
 * AlterConfigs, IncrementalAlterConfigs, DescribeCluster. Handlers are stateless over the metadata service.
 */
public final class AdminModule implements BrokerModule {

    @Override
    public String name() {
        return "admin";
    }

    @Override
    public void start(BrokerContext ctx) {
    }
}
