package io.runnel.broker.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.runnel.broker.BrokerContext;
import io.runnel.broker.BrokerModule;
import io.runnel.broker.BrokerServer;
import io.runnel.broker.api.ApiHandler;
import io.runnel.broker.api.RequestContext;
import io.runnel.broker.api.TypedApiHandler;
import io.runnel.broker.testing.RawKafkaClient;
import io.runnel.broker.testing.TestBrokers;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.ListGroupsRequest;
import org.apache.kafka.common.requests.ListGroupsResponse;
import org.apache.kafka.common.requests.DescribeClusterRequest;
import org.apache.kafka.common.requests.DescribeClusterResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkLayerTest {
    @TempDir
    Path dir;

    private final ConcurrentLinkedQueue<CompletableFuture<AbstractResponse>> held = new ConcurrentLinkedQueue<>();
    private BrokerServer broker;
    private int port;

    /** ListGroups whose states filter scripts the handler's behaviour. */
    private final class ScriptedHandler extends TypedApiHandler<ListGroupsRequest> {
        ScriptedHandler() {
            super(ApiKeys.LIST_GROUPS, ListGroupsRequest.class, 4, 4);
        }

        @Override
        protected CompletableFuture<AbstractResponse> handleTyped(RequestContext ctx, ListGroupsRequest request) {
            String script = request.data().statesFilter().isEmpty() ? "" : request.data().statesFilter().get(0);
            ListGroupsResponse response = new ListGroupsResponse(new ListGroupsResponseData().setGroups(List.of(
                    new ListGroupsResponseData.ListedGroup().setGroupId("answer-" + ctx.correlationId()))));
            switch (script) {
                case "throw":
                    throw new IllegalStateException("scripted failure");
                case "fail-async":
                    return CompletableFuture.supplyAsync(() -> {
                        throw new IllegalStateException("scripted async failure");
                    }, ctx.ioExecutor());
                case "none":
                    return ApiHandler.noResponse();
                case "hold": {
                    CompletableFuture<AbstractResponse> release = new CompletableFuture<>();
                    held.add(release);
                    return release.thenApply(ignored -> response);
                }
                default:
                    return CompletableFuture.supplyAsync(() -> response, ctx.ioExecutor());
            }
        }
    }

    @BeforeEach
    void start() throws Exception {
        BrokerModule scripted = new BrokerModule() {
            @Override
            public String name() {
                return "scripted";
            }

            @Override
            public void start(BrokerContext ctx) {
                ctx.handlers().register(new ScriptedHandler());
            }
        };
        broker = TestBrokers.start(dir, Map.of("socket.request.max.bytes", "65536"), List.of(scripted));
        port = broker.boundPort();
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private static ListGroupsRequest listGroups(String script) {
        return new ListGroupsRequest.Builder(new ListGroupsRequestData()
                .setStatesFilter(script.isEmpty() ? List.of() : List.of(script))).build((short) 4);
    }

    private static String answer(AbstractResponse response) {
        return ((ListGroupsResponse) response).data().groups().get(0).groupId();
    }

    @Test
    void shouldAdvertiseOurVersionTableInEveryApiVersionsVersion() throws Exception {
        try (RawKafkaClient client = RawKafkaClient.connect(broker.boundPort())) {
            for (short v = 0; v <= 5; v++) {
                ApiVersionsResponse response = (ApiVersionsResponse) client.roundTrip(
                        new ApiVersionsRequest.Builder().build(v));
                assertThat(response.data().errorCode()).isEqualTo(Errors.NONE.code());
                assertThat(response.data().apiKeys().find(ApiKeys.LIST_GROUPS.id))
                        .extracting(ApiVersionsResponseData.ApiVersion::minVersion,
                                ApiVersionsResponseData.ApiVersion::maxVersion)
                        .containsExactly((short) 4, (short) 4);
                assertThat(response.data().apiKeys().find(ApiKeys.API_VERSIONS.id).maxVersion()).isEqualTo((short) 5);
            }
        }
    }

    @Test
    void shouldAnswerAnApiVersionsVersionItDoesNotKnowAtV0WithUnsupportedVersion() throws Exception {
        try (RawKafkaClient client = RawKafkaClient.connect(broker.boundPort())) {
            // A future ApiVersions version whose body we cannot read (KIP-511).
            ByteBuffer frame = ByteBuffer.allocate(64);
            frame.putShort(ApiKeys.API_VERSIONS.id).putShort((short) 99).putInt(7);
            frame.putShort((short) 4).put("test".getBytes()).put((byte) 0); // client id, empty tagged fields
            frame.put(new byte[] {1, 2, 3, 4, 5}).flip();
            client.sendFrame(frame);
            ByteBuffer response = client.receiveFrame();
            assertThat(response.getInt()).isEqualTo(7); // response header v0: correlation id only
            ApiVersionsResponse parsed = ApiVersionsResponse.parse(
                    new org.apache.kafka.common.protocol.ByteBufferAccessor(response), (short) 0);
            assertThat(parsed.data().errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
            assertThat(parsed.data().apiKeys().find(ApiKeys.API_VERSIONS.id).maxVersion()).isEqualTo((short) 5);
        }
    }

    @Test
    void shouldAnswerUnsupportedVersionForAnApiItDoesNotServe() throws Exception {
        try (RawKafkaClient client = RawKafkaClient.connect(broker.boundPort())) {
            DescribeClusterResponse response = (DescribeClusterResponse) client.roundTrip(
                    new DescribeClusterRequest.Builder(new DescribeClusterRequestData()).build((short) 0));
            assertThat(response.data().errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
            // The connection stays usable.
            assertThat(answer(client.roundTrip(listGroups("")))).startsWith("answer-");
        }
    }

    @Test
    void shouldSendResponsesInRequestOrderWhateverOrderHandlersComplete() throws Exception {
        try (RawKafkaClient client = RawKafkaClient.connect(broker.boundPort())) {
            RequestHeader first = client.send(listGroups("hold"));
            RequestHeader second = client.send(listGroups(""));
            RequestHeader third = client.send(listGroups("none"));
            RequestHeader fourth = client.send(listGroups(""));
            await().until(() -> !held.isEmpty());
            held.forEach(f -> f.complete(null));
            assertThat(answer(client.receive(first))).isEqualTo("answer-" + first.correlationId());
            assertThat(answer(client.receive(second))).isEqualTo("answer-" + second.correlationId());
            // The third asked for no response (acks=0 style): the next frame answers the fourth.
            assertThat(third.correlationId()).isLessThan(fourth.correlationId());
            assertThat(answer(client.receive(fourth))).isEqualTo("answer-" + fourth.correlationId());
        }
    }

    @Test
    void shouldAnswerEveryPipelinedRequestInOrderWhenManyCompleteConcurrentlyOffTheEventLoop() throws Exception {
        // Completions from several threads race with the event loop's drain of earlier ones: each response must
        // still leave exactly once, in request order, failures included.
        int requests = 60;
        try (RawKafkaClient client = RawKafkaClient.connect(broker.boundPort())) {
            List<RequestHeader> sent = new java.util.ArrayList<>();
            for (int i = 0; i < requests; i++) {
                sent.add(client.send(listGroups(i % 7 == 3 ? "fail-async" : "hold")));
            }
            int holds = (int) java.util.stream.IntStream.range(0, requests).filter(i -> i % 7 != 3).count();
            await().until(() -> held.size() == holds);
            List<CompletableFuture<AbstractResponse>> pending = new java.util.ArrayList<>(held);
            java.util.Collections.shuffle(pending, new java.util.Random(42));
            List<Thread> completers = new java.util.ArrayList<>();
            for (int t = 0; t < 3; t++) {
                int from = t;
                Thread completer = new Thread(() -> {
                    for (int i = from; i < pending.size(); i += 3) {
                        pending.get(i).complete(null);
                    }
                }, "completer-" + t);
                completers.add(completer);
                completer.start();
            }
            for (int i = 0; i < requests; i++) {
                ListGroupsResponse response = (ListGroupsResponse) client.receive(sent.get(i));
                if (i % 7 == 3) {
                    assertThat(response.data().errorCode()).isEqualTo(Errors.UNKNOWN_SERVER_ERROR.code());
                } else {
                    assertThat(answer(response)).isEqualTo("answer-" + sent.get(i).correlationId());
                }
            }
            for (Thread completer : completers) {
                completer.join(30_000);
            }
        }
    }

    @Test
    void shouldFinishInFlightRequestsWhenStoppingGracefully() throws Exception {
        try (RawKafkaClient client = RawKafkaClient.connect(broker.boundPort())) {
            RequestHeader pending = client.send(listGroups("hold"));
            await().until(() -> !held.isEmpty());
            Thread stopper = new Thread(broker::close, "stopper");
            stopper.start();
            // New connections are refused once the listener closed; the pending request still gets its answer.
            await().until(() -> {
                try (RawKafkaClient late = RawKafkaClient.connect(port)) {
                    return false;
                } catch (java.io.IOException refused) {
                    return true;
                }
            });
            held.forEach(f -> f.complete(null));
            assertThat(answer(client.receive(pending))).isEqualTo("answer-" + pending.correlationId());
            stopper.join(30_000);
            assertThat(stopper.isAlive()).isFalse();
            assertThat(client.closedByPeer()).isTrue();
        }
    }

    @Test
    void shouldAnswerUnknownServerErrorWhenAHandlerFails() throws Exception {
        try (RawKafkaClient client = RawKafkaClient.connect(broker.boundPort())) {
            ListGroupsResponse thrown = (ListGroupsResponse) client.roundTrip(listGroups("throw"));
            assertThat(thrown.data().errorCode()).isEqualTo(Errors.UNKNOWN_SERVER_ERROR.code());
            ListGroupsResponse failed = (ListGroupsResponse) client.roundTrip(listGroups("fail-async"));
            assertThat(failed.data().errorCode()).isEqualTo(Errors.UNKNOWN_SERVER_ERROR.code());
            assertThat(answer(client.roundTrip(listGroups("")))).startsWith("answer-");
        }
    }

    @Test
    void shouldCloseOnlyTheConnectionThatSentAnOversizedFrame() throws Exception {
        try (RawKafkaClient bad = RawKafkaClient.connect(broker.boundPort());
                RawKafkaClient good = RawKafkaClient.connect(broker.boundPort())) {
            // Claims 2 GiB but sends only the size: refused on the prefix alone.
            bad.sendRaw(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
            assertThat(bad.closedByPeer()).isTrue();
            assertThat(answer(good.roundTrip(listGroups("")))).startsWith("answer-");
        }
    }

    @Test
    void shouldCloseOnlyTheConnectionThatSentGarbage() throws Exception {
        try (RawKafkaClient bad = RawKafkaClient.connect(broker.boundPort());
                RawKafkaClient halfSent = RawKafkaClient.connect(broker.boundPort());
                RawKafkaClient good = RawKafkaClient.connect(broker.boundPort())) {
            halfSent.sendRaw(new byte[] {0, 0, 0, 100, 0, 18}); // a frame that never completes
            bad.sendFrame(ByteBuffer.wrap(new byte[] {0x7f, 0x7f, 0, 0, 0, 1, 0, 0}));
            assertThat(bad.closedByPeer()).isTrue();
            assertThat(answer(good.roundTrip(listGroups("")))).startsWith("answer-");
        }
    }

    @Test
    void shouldCloseTheConnectionWhenTheBodyDoesNotParse() throws Exception {
        try (RawKafkaClient bad = RawKafkaClient.connect(broker.boundPort())) {
            ByteBuffer valid = listGroups("").serializeWithHeader(
                    new RequestHeader(ApiKeys.LIST_GROUPS, (short) 4, "c", 1));
            ByteBuffer truncated = ByteBuffer.allocate(valid.remaining() - 3);
            truncated.put(valid.array(), 0, truncated.capacity()).flip();
            // A states-filter array length claiming far more entries than the frame holds.
            bad.sendFrame(truncated);
            assertThat(bad.closedByPeer()).isTrue();
        }
    }

    @Test
    void shouldAnswerApiVersionsV3WithAnInvalidClientSoftwareName() throws Exception {
        try (RawKafkaClient client = RawKafkaClient.connect(broker.boundPort())) {
            ApiVersionsResponse response = (ApiVersionsResponse) client.roundTrip(new ApiVersionsRequest(
                    new ApiVersionsRequestData().setClientSoftwareName("bad name!").setClientSoftwareVersion("1"),
                    (short) 3));
            assertThat(response.data().errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        }
    }
}
