package io.runnel.broker.network;

import io.netty.channel.DefaultFileRegion;

/**
 * A Netty file region over {@link FileRegionRecords}: the transport sends the bytes with {@code sendfile}
 * (epoll and NIO both recognise {@link DefaultFileRegion}) and, when Netty deallocates the region (after the
 * write, or when the write fails or the connection closes), the records are released instead of the file being
 * closed: the file belongs to storage.
 *
 * <p>Thread: the connection's event loop.
 */
final class ReleasingFileRegion extends DefaultFileRegion {
    private final FileRegionRecords records;

    ReleasingFileRegion(FileRegionRecords records) {
        super(records.channel(), records.position(), records.sizeInBytes());
        this.records = records;
    }

    @Override
    protected void deallocate() {
        // Deliberately not super.deallocate(): that would close the storage-owned FileChannel.
        records.release();
    }
}
