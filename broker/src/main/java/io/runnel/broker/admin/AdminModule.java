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
        ctx.handlers()
                .register(new MetadataHandler(ctx.metadata(), ctx.config()))
                .register(new DescribeClusterHandler(ctx.metadata()))
                .register(new CreateTopicsHandler(ctx.metadata(), ctx.config(), ctx.topicConfigs()))
                .register(new DeleteTopicsHandler(ctx.metadata(), ctx.config()))
                .register(new CreatePartitionsHandler(ctx.metadata()))
                .register(new DescribeConfigsHandler(ctx.metadata(), ctx.config(), ctx.topicConfigs()))
                .register(new AlterConfigsHandler(ctx.metadata()))
                .register(new IncrementalAlterConfigsHandler(ctx.metadata(), ctx.topicConfigs()));
    }
}
