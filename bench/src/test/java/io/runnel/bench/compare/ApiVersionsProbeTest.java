package io.runnel.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ApiVersionsProbeTest {

    /** Accepts one connection, checks the ApiVersions v0 header, answers with the given error code. */
    private static CompletableFuture<Short> answerOnce(ServerSocket server, short errorCode) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket s = server.accept()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                int size = in.readInt();
                short apiKey = in.readShort();
                short version = in.readShort();
                int correlationId = in.readInt();
                in.readFully(new byte[size - 8]);
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                out.writeInt(6);
                out.writeInt(correlationId);
                out.writeShort(errorCode);
                out.flush();
                return version == 0 ? apiKey : -1;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void shouldReportListeningOnlyWhenApiVersionsIsAnsweredWithoutError() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Short> ok = answerOnce(server, (short) 0);
            assertThat(ApiVersionsProbe.answers("127.0.0.1", server.getLocalPort())).isTrue();
            assertThat(ok.get()).isEqualTo((short) 18);
            CompletableFuture<Short> error = answerOnce(server, (short) 35);
            assertThat(ApiVersionsProbe.answers("127.0.0.1", server.getLocalPort())).isFalse();
            error.get();
        }
    }

    @Test
    void shouldGiveUpOnAClosedPortOrADeadProcess() {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        assertThat(ApiVersionsProbe.answers("127.0.0.1", port)).isFalse();
        assertThat(ApiVersionsProbe.awaitAnswer("127.0.0.1", port, System.nanoTime() + 50_000_000L, () -> true)).isEqualTo(-1);
        assertThat(ApiVersionsProbe.awaitAnswer("127.0.0.1", port, Long.MAX_VALUE, () -> false)).isEqualTo(-1);
    }
}
