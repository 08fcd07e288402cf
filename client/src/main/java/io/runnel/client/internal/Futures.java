package io.runnel.client.internal;

import io.runnel.client.RunnelClientException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.InterruptException;

/** Waiting on futures and turning their failures into {@link RunnelClientException}s. Stateless. */
public final class Futures {
    private Futures() {
    }

    /** Waits for {@code future}; a failure comes back as a RunnelClientException saying what {@code op} was. */
    public static <V> V await(CompletableFuture<V> future, String op) throws RunnelClientException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunnelClientException(op + " interrupted", e);
        } catch (ExecutionException e) {
            throw wrap(e.getCause(), op);
        }
    }

    /** Waits at most {@code timeoutMs} for a Kafka future. */
    public static <V> V await(java.util.concurrent.Future<V> future, long timeoutMs, String op)
            throws RunnelClientException {
        try {
            return future.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunnelClientException(op + " interrupted", e);
        } catch (ExecutionException e) {
            throw wrap(e.getCause(), op);
        } catch (TimeoutException e) {
            throw new RunnelClientException.TimeoutException(op + " did not complete within " + timeoutMs + " ms", e);
        }
    }

    /** {@code cause} as a RunnelClientException (itself when it already is one). */
    public static RunnelClientException wrap(Throwable cause, String op) {
        Throwable c = cause instanceof CompletionException && cause.getCause() != null ? cause.getCause() : cause;
        if (c instanceof RunnelClientException r) {
            return r;
        }
        if (c instanceof InterruptException) {
            Thread.currentThread().interrupt();
        }
        if (c instanceof org.apache.kafka.common.errors.TimeoutException) {
            return new RunnelClientException.TimeoutException(op + " timed out: " + c.getMessage(), c);
        }
        return new RunnelClientException(op + " failed: " + c, c);
    }
}
