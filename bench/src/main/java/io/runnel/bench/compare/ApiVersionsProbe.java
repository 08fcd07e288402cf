package io.runnel.bench.compare;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Decides when a broker is "listening": it answers an ApiVersions v0 request with error code 0. A bare TCP
 * accept is not enough (a broker may bind before it serves). Written by hand on a plain socket so the probe
 * costs nothing at start-up and works for any Kafka-protocol broker.
 *
 * <pre>
 * request:  int32 size | int16 api_key=18 | int16 api_version=0 | int32 correlation_id | int16 len + client_id
 * response: int32 size | int32 correlation_id | int16 error_code | ...
 * </pre>
 * Stateless; thread-safe.
 */
public final class ApiVersionsProbe {

    private static final short API_VERSIONS_KEY = 18;
    private static final int CORRELATION_ID = 0x52554e4e;
    private static final byte[] CLIENT_ID = "runnel-bench-probe".getBytes(StandardCharsets.US_ASCII);
    private static final int CONNECT_TIMEOUT_MS = 250;
    private static final int READ_TIMEOUT_MS = 2_000;
    private static final long RETRY_NS = TimeUnit.MILLISECONDS.toNanos(10);

    private ApiVersionsProbe() {
    }

    /** One attempt: true when the broker answered ApiVersions without error. */
    public static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            socket.setSoTimeout(READ_TIMEOUT_MS);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(2 + 2 + 4 + 2 + CLIENT_ID.length);
            out.writeShort(API_VERSIONS_KEY);
            out.writeShort(0);
            out.writeInt(CORRELATION_ID);
            out.writeShort(CLIENT_ID.length);
            out.write(CLIENT_ID);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int size = in.readInt();
            return size >= 6 && in.readInt() == CORRELATION_ID && in.readShort() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Polls every 10 ms until the broker answers or {@code deadlineNs} passes, or {@code alive} says the
     * process died. Returns the nanoTime of the first good answer, or -1.
     */
    public static long awaitAnswer(String host, int port, long deadlineNs, java.util.function.BooleanSupplier alive) {
        while (System.nanoTime() < deadlineNs && alive.getAsBoolean()) {
            if (answers(host, port)) {
                return System.nanoTime();
            }
            LockSupport.parkNanos(RETRY_NS);
        }
        return -1;
    }
}
