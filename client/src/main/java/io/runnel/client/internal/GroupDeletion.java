package io.runnel.client.internal;

import io.runnel.client.RunnelClientException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the group behind a subscription when it is unsubscribed, or when the last consumer of a NonDurable
 * subscription closes. Stateless; runs on the calling thread.
 */
final class GroupDeletion {
    private static final Logger LOG = LoggerFactory.getLogger(GroupDeletion.class);
    private static final long RETRY_BACKOFF_MS = 100;

    private GroupDeletion() {
    }

    static void deleteConsumerGroup(ClientContext context, String group, String ownClientId, boolean required)
            throws RunnelClientException {
        Admin admin = context.admin();
        delete(context, group, required, () -> admin.deleteConsumerGroups(List.of(group)).all(),
                () -> admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get()
                        .members().stream().anyMatch(m -> m.clientId().equals(ownClientId)));
    }

    static void deleteShareGroup(ClientContext context, String group, String ownClientId, boolean required)
            throws RunnelClientException {
        Admin admin = context.admin();
        delete(context, group, required, () -> admin.deleteShareGroups(List.of(group)).all(),
                () -> admin.describeShareGroups(List.of(group)).describedGroups().get(group).get()
                        .members().stream().anyMatch(m -> m.clientId().equals(ownClientId)));
    }

    private interface Call<V> {
        V call() throws Exception;
    }

    /**
     * Deletes; a group that is not empty only because our own leave is still being processed is retried until the
     * operation timeout, one that other consumers use fails ({@code required}) or is left to them.
     */
    private static void delete(ClientContext context, String group, boolean required, Call<KafkaFuture<Void>> delete,
            Call<Boolean> stillHasOwnMember) throws RunnelClientException {
        long deadlineMs = System.currentTimeMillis() + context.operationTimeoutMs();
        while (true) {
            try {
                delete.call().get(context.operationTimeoutMs(), TimeUnit.MILLISECONDS);
                LOG.debug("deleted group {}", group);
                return;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof GroupIdNotFoundException) {
                    return; // nothing stored: nothing to delete
                }
                if (!(cause instanceof GroupNotEmptyException)) {
                    throw Futures.wrap(cause, "deleting subscription " + group);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RunnelClientException("deleting subscription " + group + " interrupted", e);
            } catch (Exception e) {
                throw Futures.wrap(e, "deleting subscription " + group);
            }
            boolean ownLeavePending;
            try {
                ownLeavePending = stillHasOwnMember.call();
            } catch (Exception e) {
                throw Futures.wrap(e, "describing subscription " + group);
            }
            if (!ownLeavePending || System.currentTimeMillis() >= deadlineMs) {
                if (required) {
                    throw new RunnelClientException("cannot delete subscription '" + group
                            + "': other consumers are still connected");
                }
                LOG.debug("group {} still has other consumers; the last one deletes it", group);
                return;
            }
            try {
                Thread.sleep(RETRY_BACKOFF_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RunnelClientException("deleting subscription " + group + " interrupted", e);
            }
        }
    }

}
