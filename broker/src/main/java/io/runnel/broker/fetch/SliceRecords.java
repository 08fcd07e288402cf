package io.runnel.broker.fetch;

import io.runnel.broker.network.FileRegionRecords;
import io.runnel.storage.LogSlice;
import java.io.IOException;
import java.nio.channels.FileChannel;
import org.apache.kafka.common.network.TransferableChannel;
import org.apache.kafka.common.record.internal.RecordsSend;

/**
 * A storage {@link LogSlice} as fetch-response records: the network encoder turns it into a Netty file region and
 * sends the segment bytes with {@code transferTo}, never copying them through the heap; it calls
 * {@link #release()} once the bytes are on the socket or the response is dropped.
 *
 * <p>Thread: built on an I/O thread, then owned by the connection's event loop.
 */
public final class SliceRecords implements FileRegionRecords {
    private final LogSlice slice;

    public SliceRecords(LogSlice slice) {
        this.slice = slice;
    }

    @Override
    public FileChannel channel() {
        return slice.channel();
    }

    @Override
    public long position() {
        return slice.position();
    }

    @Override
    public int sizeInBytes() {
        return slice.sizeBytes();
    }

    @Override
    public void release() {
        slice.release();
    }

    /** Kafka's own send path (not used by our network layer, which takes the file region), kept correct anyway. */
    @Override
    public RecordsSend<SliceRecords> toSend() {
        return new RecordsSend<>(this, sizeInBytes()) {
            @Override
            protected int writeTo(TransferableChannel channel, int previouslyWritten, int remaining) throws IOException {
                return (int) channel.transferFrom(slice.channel(), slice.position() + previouslyWritten, remaining);
            }
        };
    }

    @Override
    public String toString() {
        return "SliceRecords(" + slice + ")";
    }
}
