package io.runnel.client.internal;

import io.runnel.client.Consumer;
import io.runnel.client.Message;
import io.runnel.client.MessageId;
import io.runnel.client.RunnelClientException;
import io.runnel.client.Schema;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both consumer kinds share: one background poll thread owns the Kafka consumer; the application threads
 * take messages from {@link #incoming} and hand acknowledgements to the poll thread through {@link #commands}.
 *
 * <p>Thread-safe: the two queues are concurrent, the state flags volatile; everything else belongs to the poll
 * thread (see subclasses).
 */
abstract class AbstractConsumer<T> implements Consumer<T> {
    private static final Logger LOG = LoggerFactory.getLogger(AbstractConsumer.class);
    static final long RECEIVE_CHECK_MS = 100;

    /** An acknowledgement-type request from an application thread to the poll thread. */
    enum CommandKind { ACK, ACK_CUMULATIVE, NACK }

    record Command(CommandKind kind, MessageId id) {
    }

    final ClientContext context;
    final Schema<T> schema;
    final ConsumerSettings settings;
    final BlockingQueue<ReceivedMessage<T>> incoming = new LinkedBlockingQueue<>();
    final BlockingQueue<Command> commands = new LinkedBlockingQueue<>();
    /** Completes when the poll thread has joined the subscription, or fails with why it could not. */
    final CompletableFuture<Void> joined = new CompletableFuture<>();
    final CompletableFuture<Void> stopped = new CompletableFuture<>();
    volatile boolean closing;
    private volatile RunnelClientException failure;
    private Thread pollThread;

    AbstractConsumer(ClientContext context, Schema<T> schema, ConsumerSettings settings) {
        this.context = context;
        this.schema = schema;
        this.settings = settings;
    }

    /** Starts the poll thread. */
    final void start() {
        pollThread = new Thread(this::runPollThread, "runnel-consumer-" + settings.subscription());
        pollThread.setDaemon(true);
        pollThread.start();
    }

    private void runPollThread() {
        try {
            pollLoop();
            stopped.complete(null);
        } catch (Throwable t) {
            RunnelClientException e = Futures.wrap(t, "consumer of " + settings.subscription());
            failure = e;
            if (!joined.completeExceptionally(e)) {
                LOG.error("consumer of subscription {} on {} stopped: {}", settings.subscription(),
                        settings.topicsText(), t.toString(), t);
            }
            stopped.completeExceptionally(e);
        }
    }

    /** The poll thread's body: runs until {@link #closing}, then releases the Kafka consumer. */
    abstract void pollLoop() throws Exception;

    /** Interrupts a blocking Kafka poll so the poll thread notices {@link #closing}. */
    abstract void wakeUpPollThread();

    /** Waits until the subscription is joined (or failed), at most the operation timeout. */
    final void awaitJoined() throws RunnelClientException {
        try {
            Futures.await(joined, context.operationTimeoutMs(), "subscribing to " + settings.subscription());
        } catch (RunnelClientException e) {
            closeQuietlyAfter(e);
            throw e;
        }
    }

    private void closeQuietlyAfter(RunnelClientException cause) {
        try {
            close();
        } catch (RunnelClientException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public String getTopic() {
        return settings.topicsText();
    }

    @Override
    public String getSubscription() {
        return settings.subscription();
    }

    @Override
    public Message<T> receive() throws RunnelClientException {
        while (true) {
            Message<T> m = receive((int) RECEIVE_CHECK_MS, TimeUnit.MILLISECONDS);
            if (m != null) {
                return m;
            }
        }
    }

    @Override
    public Message<T> receive(int timeout, TimeUnit unit) throws RunnelClientException {
        long deadlineNs = System.nanoTime() + unit.toNanos(timeout);
        while (true) {
            throwIfUnusable();
            long remainingNs = deadlineNs - System.nanoTime();
            ReceivedMessage<T> m;
            try {
                m = incoming.poll(Math.max(0, Math.min(remainingNs, TimeUnit.MILLISECONDS.toNanos(RECEIVE_CHECK_MS))),
                        TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RunnelClientException("receive interrupted", e);
            }
            if (m != null) {
                m.markReceived(System.currentTimeMillis());
                return m;
            }
            if (System.nanoTime() - deadlineNs >= 0) {
                return null;
            }
        }
    }

    final void throwIfUnusable() throws RunnelClientException {
        RunnelClientException f = failure;
        if (f != null) {
            throw new RunnelClientException("consumer of " + settings.subscription() + " failed: " + f.getMessage(), f);
        }
        if (closing) {
            throw new RunnelClientException.AlreadyClosedException("consumer of " + settings.subscription()
                    + " is closed");
        }
    }

    final void submit(CommandKind kind, MessageId id) throws RunnelClientException {
        if (id == null || !id.isPosition()) {
            throw new IllegalArgumentException("acknowledgements need a received message's id, got " + id);
        }
        throwIfUnusable();
        commands.add(new Command(kind, id));
    }

    @Override
    public void acknowledge(Message<?> message) throws RunnelClientException {
        acknowledge(message.getMessageId());
    }

    @Override
    public void acknowledge(MessageId messageId) throws RunnelClientException {
        submit(CommandKind.ACK, messageId);
    }

    @Override
    public void acknowledgeCumulative(Message<?> message) throws RunnelClientException {
        acknowledgeCumulative(message.getMessageId());
    }

    @Override
    public void negativeAcknowledge(Message<?> message) throws RunnelClientException {
        negativeAcknowledge(message.getMessageId());
    }

    @Override
    public void negativeAcknowledge(MessageId messageId) throws RunnelClientException {
        submit(CommandKind.NACK, messageId);
    }

    @Override
    public void unsubscribe() throws RunnelClientException {
        close();
        deleteSubscription(true);
    }

    /**
     * Deletes the group behind the subscription. {@code required}: an unsubscribe, which must fail when other
     * consumers are connected; otherwise a NonDurable close, where a group still in use stays for its last member.
     */
    abstract void deleteSubscription(boolean required) throws RunnelClientException;

    @Override
    public void close() throws RunnelClientException {
        if (closing) {
            awaitStopped();
            return;
        }
        closing = true;
        context.unregister(this);
        if (pollThread != null) {
            wakeUpPollThread();
            awaitStopped();
        }
        incoming.clear();
    }

    private void awaitStopped() throws RunnelClientException {
        if (pollThread == null || Thread.currentThread() == pollThread) {
            return;
        }
        try {
            Futures.await(stopped, context.operationTimeoutMs(), "closing consumer of " + settings.subscription());
        } catch (RunnelClientException e) {
            if (!joined.isCompletedExceptionally()) { // a failed subscribe was already reported to subscribe()
                throw e;
            }
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{" + settings.subscription() + " on " + settings.topicsText() + ", "
                + settings.type() + "}";
    }
}
