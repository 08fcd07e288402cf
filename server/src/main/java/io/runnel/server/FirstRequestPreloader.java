package io.runnel.server;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.epoll.Epoll;
import java.nio.ByteBuffer;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads and initialises, on a daemon thread while the broker starts, what the start reaches last (the network
 * layer: the epoll native library and the buffer allocator) and what the first request needs but the start does
 * not: the Kafka request parser (linking it loads every request class), the error table (every error's exception
 * type) and the response encoder. Left to the event loop, the latter stood between the port accepting and the
 * first answer (docs/decisions/0044-start-to-listening.md); here both overlap the broker's start on the other
 * core. Beyond the native library the broker loads anyway, it works in memory (one request and one response
 * round-tripped): no broker state, nothing the broker reads. Whatever it has not finished when the broker gets there, the JVM's class-initialisation lock makes
 * the broker wait for rather than do twice; whatever fails here only costs the time it would have saved.
 *
 * <p>Thread: its own; {@link #start()} from the thread that starts the server, after logging is configured
 * (so that nothing here logs through SLF4J's substitute loggers).
 */
final class FirstRequestPreloader implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(FirstRequestPreloader.class);

    private FirstRequestPreloader() {
    }

    static Thread start() {
        Thread thread = new Thread(new FirstRequestPreloader(), "runnel-preload");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Override
    public void run() {
        try {
            // First what the start itself reaches last (the network layer, after configuration and the Kafka
            // message types): the epoll transport's native library (extracted from the jar and loaded) and the
            // default buffer allocator (its type only: allocating would take memory on this thread's behalf).
            Epoll.isAvailable();
            ByteBufAllocator.DEFAULT.getClass();
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("Preloading the network layer failed", e);
        }
        try {
            short version = ApiKeys.API_VERSIONS.latestVersion();
            ApiVersionsRequest request = new ApiVersionsRequest.Builder().build(version);
            ByteBuffer bytes = request.serializeWithHeader(
                    new RequestHeader(ApiKeys.API_VERSIONS, version, "runnel-preload", 0));
            RequestHeader header = RequestHeader.parse(bytes);
            AbstractRequest.parseRequest(header.apiKey(), header.apiVersion(), new ByteBufferAccessor(bytes));
            MessageUtil.toByteBufferAccessor(new ApiVersionsResponseData()
                    .setErrorCode(Errors.forCode(Errors.NONE.code()).code()), version);
        } catch (RuntimeException | LinkageError e) {
            // Only time is lost: the first request loads the same classes and reports its own errors.
            LOG.debug("Preloading the first request's classes failed", e);
        }
    }
}
