package io.runnel.broker.testing;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * A blocking, single-connection Kafka protocol client for tests: sends requests (or raw bytes) and reads
 * responses frame by frame, so tests control pipelining and malformed input exactly. Not thread-safe.
 */
public final class RawKafkaClient implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int nextCorrelationId = 1;

    private RawKafkaClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    public static RawKafkaClient connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        return new RawKafkaClient(socket);
    }

    /** Sends a request; returns the header to parse its response with. */
    public RequestHeader send(AbstractRequest request) throws IOException {
        RequestHeader header = new RequestHeader(request.apiKey(), request.version(), "raw-test",
                nextCorrelationId++);
        sendFrame(request.serializeWithHeader(header));
        return header;
    }

    /** Sends {@code payload} with a correct size prefix. */
    public void sendFrame(ByteBuffer payload) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(4 + payload.remaining());
        frame.putInt(payload.remaining()).put(payload.duplicate()).flip();
        sendRaw(frame.array());
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads the next response frame (without its size prefix). */
    public ByteBuffer receiveFrame() throws IOException {
        int size = in.readInt();
        byte[] bytes = new byte[size];
        in.readFully(bytes);
        return ByteBuffer.wrap(bytes);
    }

    public AbstractResponse receive(RequestHeader header) throws IOException {
        return AbstractResponse.parseResponse(receiveFrame(), header);
    }

    public AbstractResponse roundTrip(AbstractRequest request) throws IOException {
        return receive(send(request));
    }

    /** True when the broker closed the connection (EOF or reset) within the socket timeout. */
    public boolean closedByPeer() throws IOException {
        try {
            return in.read() < 0;
        } catch (EOFException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            // "Connection reset": the broker closed with unread bytes in its buffer.
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
