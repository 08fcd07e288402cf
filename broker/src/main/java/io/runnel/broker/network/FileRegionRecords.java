package io.runnel.broker.network;

import java.nio.channels.FileChannel;
import org.apache.kafka.common.record.internal.BaseRecords;

/**
 * Records that the response encoder sends straight from a segment file (zero copy, a Netty {@code FileRegion}
 * over {@code FileChannel.transferTo}) instead of copying them into the response buffer.
 *
 * <p>The seam between the partition layer, which produces these from a storage read, and the network layer,
 * whose {@code Writable.writeRecords} turns them into a file region. The bytes from {@link #position()} for
 * {@link #sizeInBytes()} bytes must stay readable until {@link #release()} is called, which the network layer
 * does exactly once: after the bytes are written to the socket, or when the response is dropped (connection
 * closed, encode failure).
 *
 * <p>Thread: created on a handler thread, then owned by the connection's event loop.
 */
public interface FileRegionRecords extends BaseRecords {

    /** The open file holding the bytes. */
    FileChannel channel();

    /** Byte position of the first batch in {@link #channel()}. */
    long position();

    /** Gives the underlying file handle back (for example to the storage LRU of open files). Idempotent. */
    void release();
}
