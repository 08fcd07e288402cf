package io.runnel.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits the inbound byte stream into Kafka request frames: a 4-byte big-endian size, then that many bytes.
 *
 * <p>The size is checked as soon as its 4 bytes arrive, before any buffer for the frame is sized: a frame larger
 * than {@code socket.request.max.bytes} (or a negative size) closes the connection having buffered at most one
 * socket read. A half-sent frame only occupies the cumulation buffer; no thread waits for the rest (the event
 * loop returns and is woken by the next read), and the idle timeout eventually closes such a connection.
 *
 * <p>Emits retained slices of the cumulation buffer; whoever receives a frame releases it. Thread: the
 * connection's event loop.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(FrameDecoder.class);
    static final int SIZE_PREFIX_BYTES = 4;

    private final int frameBytesMax;

    public FrameDecoder(int frameBytesMax) {
        this.frameBytesMax = frameBytesMax;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= SIZE_PREFIX_BYTES) {
            int frameBytes = in.getInt(in.readerIndex());
            if (frameBytes < 0 || frameBytes > frameBytesMax) {
                LOG.warn("Closing connection from {}: request frame of {} bytes is outside [0, {}] "
                        + "(socket.request.max.bytes)", ctx.channel().remoteAddress(), frameBytes, frameBytesMax);
                in.skipBytes(in.readableBytes());
                ctx.close();
                return;
            }
            if (in.readableBytes() < SIZE_PREFIX_BYTES + frameBytes) {
                return;
            }
            in.skipBytes(SIZE_PREFIX_BYTES);
            out.add(in.readRetainedSlice(frameBytes));
        }
    }
}
