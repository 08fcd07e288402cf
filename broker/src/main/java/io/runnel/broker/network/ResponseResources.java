package io.runnel.broker.network;

import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.ShareFetchResponse;
import org.apache.kafka.common.message.ShareFetchResponseData;

/**
 * Gives back what a response holds beyond heap memory when it is dropped unsent (connection closed, encode
 * failure): today the file handles of {@link FileRegionRecords} in Fetch responses. Releasing is idempotent, so
 * records already turned into a file region (released by Netty) are safe to release again.
 *
 * <p>Stateless; called on the connection's event loop.
 */
final class ResponseResources {
    private ResponseResources() {
    }

    static void release(AbstractResponse response) {
        if (response instanceof FetchResponse fetch) {
            for (FetchResponseData.FetchableTopicResponse topic : fetch.data().responses()) {
                for (FetchResponseData.PartitionData partition : topic.partitions()) {
                    if (partition.records() instanceof FileRegionRecords records) {
                        records.release();
                    }
                }
            }
        } else if (response instanceof ShareFetchResponse shareFetch) {
            for (ShareFetchResponseData.ShareFetchableTopicResponse topic : shareFetch.data().responses()) {
                for (ShareFetchResponseData.PartitionData partition : topic.partitions()) {
                    if (partition.records() instanceof FileRegionRecords records) {
                        records.release();
                    }
                }
            }
        }
    }
}
