package io.runnel.broker.partition;

import io.runnel.broker.api.RequestContext;
import io.runnel.broker.api.TypedApiHandler;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeLogDirsRequest;
import org.apache.kafka.common.requests.DescribeLogDirsResponse;
import org.apache.kafka.common.resource.ResourceType;

/**
 * DescribeLogDirs v1-5: the one log directory, its partitions' sizes, and (v4+) the file system's total and usable
 * bytes. Needs DESCRIBE on the cluster. Stateless.
 */
public final class DescribeLogDirsHandler extends TypedApiHandler<DescribeLogDirsRequest> {
    private final PartitionManager partitions;
    private final Path logDir;

    public DescribeLogDirsHandler(PartitionManager partitions, Path logDir) {
        super(ApiKeys.DESCRIBE_LOG_DIRS, DescribeLogDirsRequest.class, 1, 5);
        this.partitions = partitions;
        this.logDir = logDir;
    }

    @Override
    protected CompletableFuture<AbstractResponse> handleTyped(RequestContext ctx, DescribeLogDirsRequest request) {
        return CompletableFuture.supplyAsync(() -> {
            DescribeLogDirsResponseData data = new DescribeLogDirsResponseData();
            if (!ctx.authorize(AclOperation.DESCRIBE, ResourceType.CLUSTER, RequestContext.CLUSTER_RESOURCE)) {
                return new DescribeLogDirsResponse(data.setErrorCode(Errors.CLUSTER_AUTHORIZATION_FAILED.code()));
            }
            Map<String, Set<Integer>> wanted = null;
            if (request.data().topics() != null) {
                wanted = new LinkedHashMap<>();
                for (DescribeLogDirsRequestData.DescribableLogDirTopic t : request.data().topics()) {
                    wanted.put(ctx.toInternal(ResourceType.TOPIC, t.topic()), Set.copyOf(t.partitions()));
                }
            }
            Map<String, List<DescribeLogDirsResponseData.DescribeLogDirsPartition>> byTopic = new TreeMap<>();
            for (Partition p : partitions.all()) {
                String topic = p.topicPartition().topic();
                if (wanted != null && !(wanted.containsKey(topic)
                        && wanted.get(topic).contains(p.topicPartition().partition()))) {
                    continue;
                }
                byTopic.computeIfAbsent(topic, t -> new ArrayList<>()).add(
                        new DescribeLogDirsResponseData.DescribeLogDirsPartition()
                                .setPartitionIndex(p.topicPartition().partition())
                                .setPartitionSize(p.log().sizeBytes()).setOffsetLag(0).setIsFutureKey(false));
            }
            DescribeLogDirsResponseData.DescribeLogDirsResult result = new DescribeLogDirsResponseData.DescribeLogDirsResult()
                    .setLogDir(logDir.toAbsolutePath().toString()).setErrorCode(Errors.NONE.code())
                    .setTopics(byTopic.entrySet().stream().map(e -> new DescribeLogDirsResponseData.DescribeLogDirsTopic()
                            .setName(ctx.names().toClient(ctx, ResourceType.TOPIC, e.getKey()).orElse(e.getKey()))
                            .setPartitions(e.getValue())).collect(Collectors.toList()));
            if (ctx.apiVersion() >= 4) {
                try {
                    FileStore store = Files.getFileStore(logDir);
                    result.setTotalBytes(store.getTotalSpace()).setUsableBytes(store.getUsableSpace());
                } catch (IOException e) {
                    result.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code());
                }
            }
            data.results().add(result);
            return new DescribeLogDirsResponse(data);
        }, ctx.ioExecutor());
    }
}
