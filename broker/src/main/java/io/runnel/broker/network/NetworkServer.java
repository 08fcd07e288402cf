package io.runnel.broker.network;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty server: binds every listener, and gives each accepted connection a {@link FrameDecoder} and a
 * {@link KafkaConnection}. Uses the native epoll transport when it is available, NIO otherwise.
 *
 * <p>Threads: one acceptor thread, {@code networkThreads} event loops owning the connections. {@link #start()}
 * and {@link #close()} are called by the broker's lifecycle thread; {@link #inFlightRequests()} is thread-safe.
 */
public final class NetworkServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkServer.class);

    /** Frame and connection limits. */
    public record Settings(int frameBytesMax, long idleTimeoutMs, int networkThreads) {
    }

    private final List<Listener> listeners;
    private final Settings settings;
    private final RequestServices services;
    private final boolean epoll = Epoll.isAvailable();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong connectionSeq = new AtomicLong();
    private final ChannelGroup connections = new DefaultChannelGroup("connections", GlobalEventExecutor.INSTANCE);
    private final List<Channel> serverChannels = new ArrayList<>();
    private EventLoopGroup acceptor;
    private EventLoopGroup workers;

    public NetworkServer(List<Listener> listeners, Settings settings, RequestServices services) {
        this.listeners = List.copyOf(listeners);
        this.settings = settings;
        this.services = services;
    }

    /**
     * Binds every listener without accepting yet (so ports resolve before the broker registers its endpoints);
     * {@link #accept()} opens the doors.
     */
    public void bind() throws InterruptedException {
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        acceptor = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("runnel-accept", true), io);
        workers = new MultiThreadIoEventLoopGroup(settings.networkThreads(),
                new DefaultThreadFactory("runnel-network", true), io);
        Class<? extends ServerChannel> channelClass = epoll ? EpollServerSocketChannel.class
                : NioServerSocketChannel.class;
        for (Listener listener : listeners) {
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(acceptor, workers)
                    .channel(channelClass)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .option(ChannelOption.AUTO_READ, false)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            initConnection(listener, ch);
                        }
                    });
            InetSocketAddress address = listener.host().isEmpty() ? new InetSocketAddress(listener.port())
                    : new InetSocketAddress(listener.host(), listener.port());
            serverChannels.add(bootstrap.bind(address).sync().channel());
        }
    }

    /** Starts accepting connections on every bound listener. */
    public void accept() {
        for (Channel channel : serverChannels) {
            channel.config().setAutoRead(true);
            channel.read();
        }
    }

    private void initConnection(Listener listener, SocketChannel ch) {
        String connectionId = ch.localAddress().getAddress().getHostAddress() + ":" + ch.localAddress().getPort()
                + "-" + ch.remoteAddress().getAddress().getHostAddress() + ":" + ch.remoteAddress().getPort()
                + "-" + connectionSeq.incrementAndGet();
        ch.pipeline()
                .addLast("idle", new IdleStateHandler(0, 0, settings.idleTimeoutMs(), TimeUnit.MILLISECONDS))
                .addLast("frames", new FrameDecoder(settings.frameBytesMax()))
                .addLast("requests", new KafkaConnection(services, listener.name(), connectionId, inFlight));
        connections.add(ch);
    }

    /** The transport in use: "epoll" or "nio". */
    public String transport() {
        return epoll ? "epoll" : "nio";
    }

    /** Actual bound addresses, in listener order (port 0 resolved). */
    public List<InetSocketAddress> boundAddresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (Channel channel : serverChannels) {
            out.add((InetSocketAddress) channel.localAddress());
        }
        return out;
    }

    /** Requests read and not yet answered, across all connections. */
    public int inFlightRequests() {
        return inFlight.get();
    }

    /** Graceful shutdown, step 1: close the listening sockets and stop reading new requests. */
    public void stopAccepting() {
        for (Channel channel : serverChannels) {
            channel.close().syncUninterruptibly();
        }
        for (Channel channel : connections) {
            KafkaConnection connection = channel.pipeline().get(KafkaConnection.class);
            if (connection != null) {
                connection.stopReading();
            }
        }
    }

    /** Graceful shutdown, step 2: waits until every request read has been answered, or the timeout passes. */
    public boolean awaitInFlight(long timeoutMs) throws InterruptedException {
        long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (inFlight.get() > 0) {
            if (System.nanoTime() - deadlineNs > 0) {
                LOG.warn("{} requests still in flight at shutdown; closing their connections", inFlight.get());
                return false;
            }
            // Shutdown only: a coarse poll is fine here and keeps the request path free of shutdown hooks.
            TimeUnit.MILLISECONDS.sleep(5);
        }
        return true;
    }

    /** Closes every connection and the event loops. */
    @Override
    public void close() {
        for (Channel channel : serverChannels) {
            channel.close().syncUninterruptibly();
        }
        connections.close().awaitUninterruptibly();
        if (workers != null) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (acceptor != null) {
            acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
