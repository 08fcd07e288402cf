package io.runnel.broker.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.broker.BrokerServer;
import io.runnel.broker.testing.RawKafkaClient;
import io.runnel.broker.testing.TestBrokers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.DeleteTopicsRequest;
import org.apache.kafka.common.requests.DescribeClusterRequest;
import org.apache.kafka.common.requests.DescribeConfigsRequest;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * Mutations of real requests (as the stock client encodes them) against a running broker. Whatever arrives, the
 * broker either answers (never UNKNOWN_SERVER_ERROR: a parsed request deserves a precise error) or closes that
 * connection; it never hangs the connection, and a new client is always served afterwards. The size prefix is
 * kept consistent so each try is one whole frame (half-sent and oversized frames: {@link FrameDecoderTest}).
 */
class RequestFuzzProperties {
    private static Path dir;
    private static BrokerServer broker;
    private static List<byte[]> seeds;

    @BeforeContainer
    static void start() throws Exception {
        dir = Files.createTempDirectory("runnel-fuzz-");
        broker = TestBrokers.start(dir, Map.of());
        broker.metadata().create(new io.runnel.broker.metadata.TopicSpec("fuzz", 2, Map.of(), false)).join();
        seeds = captured();
    }

    @AfterContainer
    static void stop() throws IOException {
        broker.close();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static byte[] frame(AbstractRequest request, int correlationId) {
        ByteBuffer b = request.serializeWithHeader(new RequestHeader(request.apiKey(), request.version(),
                "fuzz-client", correlationId));
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static List<byte[]> captured() {
        List<byte[]> out = new ArrayList<>();
        out.add(frame(new ApiVersionsRequest(new ApiVersionsRequestData().setClientSoftwareName("fuzz")
                .setClientSoftwareVersion("1.0"), (short) 3), 1));
        out.add(frame(new MetadataRequest(new MetadataRequestData().setAllowAutoTopicCreation(false).setTopics(
                List.of(new MetadataRequestData.MetadataRequestTopic().setName("fuzz"))), (short) 12), 2));
        CreateTopicsRequestData.CreatableTopicCollection topics = new CreateTopicsRequestData.CreatableTopicCollection();
        topics.add(new CreateTopicsRequestData.CreatableTopic().setName("f").setNumPartitions(1)
                .setReplicationFactor((short) 1));
        out.add(frame(new CreateTopicsRequest.Builder(new CreateTopicsRequestData().setTopics(topics)
                .setValidateOnly(true).setTimeoutMs(1000)).build((short) 7), 3));
        out.add(frame(new DescribeConfigsRequest.Builder(new DescribeConfigsRequestData().setResources(List.of(
                new DescribeConfigsRequestData.DescribeConfigsResource().setResourceName("fuzz")
                        .setResourceType(ConfigResource.Type.TOPIC.id()).setConfigurationKeys(null))))
                .build((short) 4), 4));
        out.add(frame(new DeleteTopicsRequest.Builder(new DeleteTopicsRequestData().setTopicNames(List.of("absent"))
                .setTimeoutMs(1000)).build((short) 5), 5));
        out.add(frame(new DescribeClusterRequest.Builder(new DescribeClusterRequestData()).build((short) 1), 6));
        ProduceRequestData produce = new ProduceRequestData().setAcks((short) 1).setTimeoutMs(1000);
        ProduceRequestData.TopicProduceData topic = new ProduceRequestData.TopicProduceData().setName("fuzz");
        topic.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(
                MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(1L, "k".getBytes(), "v".getBytes()))));
        produce.topicData().add(topic);
        out.add(frame(new ProduceRequest(produce, (short) 9), 7));
        return out;
    }

    /** A seed request and how to damage it. */
    record Mutation(int seed, int kind, int position, int value, long random) {
        byte[] apply(byte[] original) {
            byte[] b = original.clone();
            int at = Math.floorMod(position, b.length);
            Random r = new Random(random);
            switch (kind) {
                case 0 -> {
                    for (int i = 0; i < 1 + Math.floorMod(value, 4); i++) {
                        b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                    }
                    return b;
                }
                case 1 -> {
                    return java.util.Arrays.copyOf(b, at);
                }
                case 2 -> {
                    int[] extremes = {0x7fffffff, -1, 0x80000000, 0x00010000, 0x7fff0000};
                    int v = extremes[Math.floorMod(value, extremes.length)];
                    ByteBuffer buf = ByteBuffer.wrap(b);
                    if (at + 4 <= b.length) {
                        buf.putInt(at, v);
                    } else if (at + 2 <= b.length) {
                        buf.putShort(at, (short) v);
                    }
                    return b;
                }
                default -> {
                    byte[] extra = new byte[Math.floorMod(value, 32)];
                    r.nextBytes(extra);
                    byte[] out = new byte[b.length + extra.length];
                    System.arraycopy(b, 0, out, 0, at);
                    System.arraycopy(extra, 0, out, at, extra.length);
                    System.arraycopy(b, at, out, at + extra.length, b.length - at);
                    return out;
                }
            }
        }
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        return Combinators.combine(Arbitraries.integers().between(0, 6), Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 4096), Arbitraries.integers().between(0, 1000),
                Arbitraries.longs()).as(Mutation::new);
    }

    @Property(tries = 250)
    void shouldAnswerOrCloseAndKeepServingEveryoneElse(@ForAll("mutations") Mutation mutation) throws Exception {
        byte[] mutated = mutation.apply(seeds.get(mutation.seed()));
        try (RawKafkaClient client = RawKafkaClient.connect(broker.boundPort())) {
            client.sendFrame(ByteBuffer.wrap(mutated));
            RequestHeader probe = client.send(new ApiVersionsRequest.Builder().build((short) 3));
            ByteBuffer first;
            try {
                first = client.receiveFrame();
            } catch (java.io.EOFException | java.net.SocketException closed) {
                return; // the broker refused the frame and closed this connection: allowed
            }
            int correlationId = first.getInt(0);
            if (correlationId != probe.correlationId()) {
                // The mutated request was answered: it must carry a precise error, not UNKNOWN_SERVER_ERROR.
                RequestHeader header = RequestHeader.parse(ByteBuffer.wrap(mutated));
                if (header.apiKey() != ApiKeys.API_VERSIONS) {
                    AbstractResponse response = AbstractResponse.parseResponse(first, header);
                    assertThat(response.errorCounts()).doesNotContainKey(Errors.UNKNOWN_SERVER_ERROR);
                }
                assertThat(client.receive(probe)).isInstanceOf(ApiVersionsResponse.class);
            }
        }
        try (RawKafkaClient other = RawKafkaClient.connect(broker.boundPort())) {
            assertThat(((ApiVersionsResponse) other.roundTrip(new ApiVersionsRequest.Builder().build((short) 3)))
                    .data().errorCode()).isZero();
        }
    }
}
