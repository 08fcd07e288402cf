package io.runnel.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.runnel.broker.api.ApiHandler;
import io.runnel.broker.api.ApiVersionsHandler;
import io.runnel.broker.api.RequestContext;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.MessageSizeAccumulator;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: parses each frame into a request, dispatches it to its {@link ApiHandler}, and writes
 * the responses in request order (pipelining) whatever order the handlers complete in.
 *
 * <p>Bad input: a frame whose header or body does not parse, or whose version the codec does not know, closes
 * this connection only. A parsed request for an API or version we do not advertise is answered
 * UNSUPPORTED_VERSION (ApiVersions: the v0 answer of KIP-511). A response that fails to encode closes the
 * connection (a client would otherwise wait forever).
 *
 * <p>The request frame stays referenced until its response is written, because parsed records point into it.
 * Reading pauses while {@code inFlightPerConnectionMax} requests are unanswered or the socket is not writable.
 *
 * <p>Thread: all state is owned by the channel's event loop; handler futures completing on other threads hop
 * back onto it, one hop for every response completed before the loop runs it.
 */
final class KafkaConnection extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaConnection.class);

    private final RequestServices services;
    private final String listenerName;
    private final String connectionId;
    private final AtomicInteger brokerInFlight;
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    /** True while a drain task is queued on the event loop; set by completing threads, cleared by the loop. */
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drainTask = this::drainScheduledCompletions;
    private ChannelHandlerContext channelContext;
    private boolean closed;
    private boolean closedForReads;

    KafkaConnection(RequestServices services, String listenerName, String connectionId, AtomicInteger brokerInFlight) {
        this.services = services;
        this.listenerName = listenerName;
        this.connectionId = connectionId;
        this.brokerInFlight = brokerInFlight;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.channelContext = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        if (closed) {
            frame.release();
            return;
        }
        try {
            onFrame(frame);
        } catch (RuntimeException e) {
            // Only reached through a bug in our own dispatch code: never leave the frame or the client hanging.
            LOG.error("Closing connection {}: unexpected error dispatching a request", connectionId, e);
            frame.release();
            ctx.close();
        }
    }

    private void onFrame(ByteBuf frame) {
        ByteBuffer buffer = frame.nioBuffer();
        RequestHeader header;
        try {
            header = RequestHeader.parse(buffer);
        } catch (RuntimeException e) {
            closeOnBadInput(frame, "request header does not parse", e);
            return;
        }
        ApiKeys key = header.apiKey();
        short version = header.apiVersion();
        if (key == ApiKeys.API_VERSIONS && !services.registry().supports(key, version)) {
            // KIP-511: the body may be a format we cannot read; answer v0 so the client learns our range.
            enqueue(new InFlight(header, null, frame, (short) 0),
                    CompletableFuture.completedFuture(ApiVersionsHandler.unsupportedVersion(services.registry())));
            return;
        }
        if (!key.isVersionSupported(version)) {
            closeOnBadInput(frame, key + " v" + version + " is unknown to the codec", null);
            return;
        }
        AbstractRequest request;
        try {
            request = AbstractRequest.parseRequest(key, version, new ByteBufferAccessor(buffer)).request;
        } catch (RuntimeException e) {
            closeOnBadInput(frame, key + " v" + version + " body does not parse", e);
            return;
        }
        InFlight entry = new InFlight(header, request, frame, version);
        ApiHandler handler = services.registry().handler(key);
        if (handler == null || !services.registry().supports(key, version)) {
            enqueue(entry, CompletableFuture.completedFuture(request.getErrorResponse(0,
                    new UnsupportedVersionException(key + " v" + version + " is not supported by this broker"))));
            return;
        }
        RequestContext ctx = new RequestContext(header, connectionId, listenerName, remoteAddress(),
                KafkaPrincipal.ANONYMOUS, services.time(), services.ioExecutor(), services.authorizer(),
                services.names());
        entry.context = ctx;
        CompletableFuture<AbstractResponse> future;
        try {
            future = handler.handle(ctx, request);
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        enqueue(entry, future);
    }

    private void enqueue(InFlight entry, CompletableFuture<AbstractResponse> future) {
        inFlight.add(entry);
        brokerInFlight.incrementAndGet();
        updateAutoRead();
        future.whenComplete((response, error) -> {
            entry.complete(response, error);
            if (channelContext.executor().inEventLoop()) {
                drain();
            } else if (drainScheduled.compareAndSet(false, true)) {
                // One hop for every response completed before the loop gets to it: a partition thread finishing
                // several pipelined requests of this connection in a row wakes the event loop once, and their
                // responses leave in one flush (one send syscall).
                channelContext.executor().execute(drainTask);
            }
        });
    }

    /** On the event loop; clears the flag first, so a completion racing with this drain schedules another. */
    private void drainScheduledCompletions() {
        drainScheduled.set(false);
        drain();
    }

    private AbstractResponse errorResponse(InFlight entry, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (Errors.forException(cause) == Errors.UNKNOWN_SERVER_ERROR) {
            LOG.error("Unexpected error handling {}: answering UNKNOWN_SERVER_ERROR", describe(entry), cause);
        }
        try {
            return entry.request.getErrorResponse(0, cause);
        } catch (RuntimeException e) {
            LOG.error("Cannot build the error response for {}", describe(entry), e);
            entry.encodeFailed = true;
            return null;
        }
    }

    /** Sends every completed response at the head of the queue, in request order. */
    private void drain() {
        boolean wrote = false;
        while (!inFlight.isEmpty() && inFlight.peek().done) {
            InFlight entry = inFlight.poll();
            brokerInFlight.decrementAndGet();
            if (entry.error != null) {
                entry.response = errorResponse(entry, entry.error);
            }
            try {
                if (entry.encodeFailed) {
                    closeConnection();
                } else if (entry.response != null) {
                    if (closed) {
                        ResponseResources.release(entry.response);
                    } else {
                        wrote |= send(entry);
                    }
                }
            } finally {
                entry.frame.release();
            }
        }
        if (wrote) {
            channelContext.flush();
        }
        updateAutoRead();
    }

    private boolean send(InFlight entry) {
        AbstractResponse response = entry.response;
        ApiKeys key = entry.header.apiKey();
        short headerVersion = key.responseHeaderVersion(entry.responseVersion);
        ResponseHeaderData header = new ResponseHeaderData().setCorrelationId(entry.header.correlationId());
        ObjectSerializationCache cache = new ObjectSerializationCache();
        NettyWritable writable = null;
        List<Object> parts;
        try {
            MessageSizeAccumulator size = new MessageSizeAccumulator();
            header.addSize(size, cache, headerVersion);
            response.data().addSize(size, cache, entry.responseVersion);
            writable = new NettyWritable(channelContext.alloc(), 4 + size.sizeExcludingZeroCopy());
            writable.writeInt(size.totalSize());
            header.write(writable, cache, headerVersion);
            response.data().write(writable, cache, entry.responseVersion);
            parts = writable.finish();
        } catch (RuntimeException e) {
            LOG.error("Closing connection {}: cannot encode the response to {}", connectionId, describe(entry), e);
            if (writable != null) {
                writable.discard();
            }
            ResponseResources.release(response);
            closeConnection();
            return false;
        }
        for (Object part : parts) {
            channelContext.write(part, channelContext.voidPromise());
        }
        return true;
    }

    private void updateAutoRead() {
        Channel channel = channelContext.channel();
        boolean read = !closed && !closedForReads && inFlight.size() < services.inFlightPerConnectionMax() && channel.isWritable();
        if (channel.config().isAutoRead() != read) {
            channel.config().setAutoRead(read);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        updateAutoRead();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        // Pending handlers still hold their frames; each is released as its future completes (see drain).
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && inFlight.isEmpty()) {
            LOG.debug("Closing idle connection {}", connectionId);
            closeConnection();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warn("Closing connection {}: {}", connectionId, cause.toString());
        closeConnection();
    }

    /** Stops reading new requests; those in flight are still answered. For graceful shutdown; any thread. */
    void stopReading() {
        channelContext.executor().execute(() -> {
            closedForReads = true;
            updateAutoRead();
        });
    }

    private void closeOnBadInput(ByteBuf frame, String what, Exception cause) {
        LOG.warn("Closing connection {}: {}{}", connectionId, what, cause == null ? "" : ": " + cause);
        frame.release();
        closeConnection();
    }

    private void closeConnection() {
        closed = true;
        channelContext.close();
    }

    private java.net.InetAddress remoteAddress() {
        return channelContext.channel().remoteAddress() instanceof InetSocketAddress address
                ? address.getAddress() : null;
    }

    private String describe(InFlight entry) {
        return entry.context != null ? entry.context.toString()
                : entry.header.apiKey() + " v" + entry.header.apiVersion() + " from " + connectionId;
    }

    /**
     * A request read and not yet answered. Event-loop confined, except {@link #complete}, which the handler's
     * completing thread calls once: it writes {@code response} and {@code error} before the volatile {@code done},
     * and the loop reads them only after seeing {@code done}.
     */
    private static final class InFlight {
        final RequestHeader header;
        final AbstractRequest request;
        final ByteBuf frame;
        final short responseVersion;
        RequestContext context;
        AbstractResponse response;
        Throwable error;
        volatile boolean done;
        boolean encodeFailed;

        void complete(AbstractResponse completedResponse, Throwable completedError) {
            response = completedError == null ? completedResponse : null;
            error = completedError;
            done = true;
        }

        InFlight(RequestHeader header, AbstractRequest request, ByteBuf frame, short responseVersion) {
            this.header = header;
            this.request = request;
            this.frame = frame;
            this.responseVersion = responseVersion;
        }
    }
}
