package io.runnel.broker.admin;

import io.runnel.broker.BrokerContext;
import io.runnel.broker.BrokerModule;

/**
 * Cluster and topic administration: Metadata, CreateTopics, DeleteTopics, CreatePartitions, DescribeConfigs,
 * AlterConfigs, IncrementalAlterConfigs, DescribeCluster. Handlers are stateless over the metadata service.
 */
public final class AdminModule implements BrokerModule {
    private final GroupConfigSeam groupConfigs;

    public AdminModule() {
        this(new GroupConfigSeam());
    }

    /** @param groupConfigs where GROUP config resources go (the group module binds its store there) */
    public AdminModule(GroupConfigSeam groupConfigs) {
        this.groupConfigs = groupConfigs;
    }

    @Override
    public String name() {
        return "admin";
    }

    @Override
    public void start(BrokerContext ctx) {
        ctx.handlers()
                .register(new MetadataHandler(ctx.metadata(), ctx.config()))
                .register(new DescribeClusterHandler(ctx.metadata()))
                .register(new CreateTopicsHandler(ctx.metadata(), ctx.config(), ctx.topicConfigs()))
                .register(new DeleteTopicsHandler(ctx.metadata(), ctx.config()))
                .register(new CreatePartitionsHandler(ctx.metadata()))
                .register(new DescribeConfigsHandler(ctx.metadata(), ctx.config(), ctx.topicConfigs(), groupConfigs))
                .register(new AlterConfigsHandler(ctx.metadata()))
                .register(new IncrementalAlterConfigsHandler(ctx.metadata(), ctx.topicConfigs(), groupConfigs));
    }
}
