package io.runnel.bench.client;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * The latency floor of this machine for a request/response over loopback between two JVMs, with none of a
 * broker's work: the client sends fixed-size requests at a fixed rate from one thread and reads the 8-byte
 * answers on another (as a producer's application and I/O threads do); the server answers each request, either
 * on the thread that read it or, with {@code handoff}, after passing it through a queue to a second thread (the
 * hop a broker makes from its event loop to its I/O thread). Latency counts from each request's intended send
 * time, so a stall is charged in full. Used to show how much of an end-to-end p99 is the machine (scheduling of
 * a handful of threads on shared cores) rather than the broker.
 *
 * <p>Usage: {@code LoopbackPingPong server PORT [handoff]} and
 * {@code LoopbackPingPong client HOST:PORT RATE_PER_S DURATION_S WARMUP_S [REQUEST_BYTES]}; the client prints one
 * line with p50/p99/p99.9/max in ms. Both stop by themselves: the server after its client disconnects, the
 * client after the duration.
 */
public final class LoopbackPingPong {
    private static final int ANSWER_BYTES = 8;
    private static final long ANSWER_WAIT_MAX_S = 30;

    private LoopbackPingPong() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("server")) {
            serve(Integer.parseInt(args[1]), args.length > 2 && args[2].equals("handoff"));
        } else if (args.length >= 5 && args[0].equals("client")) {
            String[] hostPort = args[1].split(":");
            int requestBytes = args.length > 5 ? Integer.parseInt(args[5]) : 1024;
            run(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), Integer.parseInt(args[2]),
                    Integer.parseInt(args[3]), Integer.parseInt(args[4]), requestBytes);
        } else {
            System.err.println("usage: LoopbackPingPong server PORT [handoff] | client HOST:PORT RATE DURATION_S "
                    + "WARMUP_S [REQUEST_BYTES]");
            System.exit(2);
        }
    }

    /** One client connection, then exits. Requests are a 4-byte length and a body whose first 8 bytes are echoed. */
    private static void serve(int port, boolean handoff) throws IOException, InterruptedException {
        try (ServerSocket server = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
             Socket socket = server.accept()) {
            socket.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
            OutputStream out = socket.getOutputStream();
            BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(1024);
            Thread answerer = null;
            if (handoff) {
                answerer = new Thread(() -> {
                    try {
                        while (true) {
                            byte[] answer = queue.take();
                            if (answer.length == 0) {
                                return;
                            }
                            out.write(answer);
                        }
                    } catch (IOException | InterruptedException e) {
                        // the client went away
                    }
                }, "answerer");
                answerer.start();
            }
            byte[] body = new byte[1 << 20];
            try {
                while (true) {
                    int size = in.readInt();
                    in.readFully(body, 0, size);
                    byte[] answer = new byte[ANSWER_BYTES];
                    System.arraycopy(body, 0, answer, 0, ANSWER_BYTES);
                    if (handoff) {
                        queue.put(answer);
                    } else {
                        out.write(answer);
                    }
                }
            } catch (IOException endOfStream) {
                if (answerer != null) {
                    queue.put(new byte[0]);
                    answerer.join(TimeUnit.SECONDS.toMillis(ANSWER_WAIT_MAX_S));
                }
            }
        }
    }

    private static void run(InetSocketAddress address, int ratePerS, int durationS, int warmupS, int requestBytes)
            throws Exception {
        Histogram latencyUs = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(address);
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 16));
            InputStream rawIn = socket.getInputStream();
            long periodNs = TimeUnit.SECONDS.toNanos(1) / ratePerS;
            long total = (long) ratePerS * durationS;
            long warmup = (long) ratePerS * warmupS;
            long startNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
            Thread reader = new Thread(() -> {
                DataInputStream in = new DataInputStream(new BufferedInputStream(rawIn, 1 << 16));
                try {
                    for (long i = 0; i < total; i++) {
                        long intendedNs = in.readLong();
                        if (i >= warmup) {
                            latencyUs.recordValue(Math.max(0, (System.nanoTime() - intendedNs) / 1000));
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException("connection lost after a partial run", e);
                }
            }, "reader");
            reader.start();
            byte[] body = new byte[requestBytes];
            for (long i = 0; i < total; i++) {
                long intendedNs = startNs + i * periodNs;
                long waitNs = intendedNs - System.nanoTime();
                if (waitNs > 0) {
                    LockSupport.parkNanos(waitNs);
                }
                for (int b = 0; b < 8; b++) {
                    body[b] = (byte) (intendedNs >>> (56 - 8 * b));
                }
                out.writeInt(requestBytes);
                out.write(body);
                out.flush();
            }
            reader.join(TimeUnit.SECONDS.toMillis(ANSWER_WAIT_MAX_S));
        }
        System.out.printf(Locale.ROOT, "pingpong p50 %.3f p99 %.3f p999 %.3f max %.3f ms (%d samples)%n",
                latencyUs.getValueAtPercentile(50) / 1000.0, latencyUs.getValueAtPercentile(99) / 1000.0,
                latencyUs.getValueAtPercentile(99.9) / 1000.0, latencyUs.getMaxValue() / 1000.0,
                latencyUs.getTotalCount());
    }
}
