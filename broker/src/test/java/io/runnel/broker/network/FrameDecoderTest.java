package io.runnel.broker.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
    private static final int MAX = 1024;

    @Test
    void shouldRefuseAnOversizedFrameOnItsSizePrefixAlone() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(MAX));
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 4, 1})); // 1025 bytes announced
        assertThat(channel.isOpen()).isFalse();
        assertThat((Object) channel.readInbound()).isNull();
    }

    @Test
    void shouldRefuseANegativeSize() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(MAX));
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0xff, 0, 0, 0, 1, 2}));
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void shouldHoldAHalfSentFrameWithoutEmittingIt() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(MAX));
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 5, 1, 2}));
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(channel.isOpen()).isTrue();
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {3, 4, 5}));
        ByteBuf frame = channel.readInbound();
        assertThat(frame.readableBytes()).isEqualTo(5);
        frame.release();
        assertThat(channel.finish()).isFalse();
    }

    /** However a stream of valid frames is cut into reads, the same frames come out. */
    @Property(tries = 200)
    void shouldReassembleFramesWhateverTheReadBoundaries(
            @ForAll @Size(min = 1, max = 8) java.util.List<@Size(max = 64) byte[]> payloads,
            @ForAll @IntRange(min = 1, max = 17) int chunkBytes) {
        ByteBuf stream = Unpooled.buffer();
        for (byte[] p : payloads) {
            stream.writeInt(p.length).writeBytes(p);
        }
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(MAX));
        while (stream.isReadable()) {
            channel.writeInbound(stream.readRetainedSlice(Math.min(chunkBytes, stream.readableBytes())));
        }
        stream.release();
        for (byte[] p : payloads) {
            ByteBuf frame = channel.readInbound();
            byte[] got = new byte[frame.readableBytes()];
            frame.readBytes(got);
            frame.release();
            assertThat(got).isEqualTo(p);
        }
        assertThat((Object) channel.readInbound()).isNull();
        channel.finish();
    }
}
