package io.soakrig.stubs;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A Netty HTTP server bound to loopback. Stubs are test doubles that hold real memory and answer
 * on real sockets; binding anything but 127.0.0.1 would expose them, and their faults, to the
 * network, so no other host address can be chosen. The one exception is a stub run as a
 * container ({@link Bind#ANY}): there every address is the container's own network namespace,
 * reached from the host only through the engine's port publishing (which soakrig keeps on 127.0.0.1).
 *
 * <p>A port that cannot be bound is a {@link BindException} whichever {@link Transport} runs the
 * stub (native epoll reports it as a plain {@code IOException}).
 *
 * <p>Port 0 asks the kernel for a free ephemeral port; {@link #port()} tells which one it gave,
 * which is how parallel runs never collide.
 */
public final class StubServer implements AutoCloseable {
    /** Where a stub listens. */
    public enum Bind {
        /** 127.0.0.1: every stub on a host. */
        LOOPBACK,
        /** Every address of a container's own network namespace, so that the engine can publish it. */
        ANY;

        InetSocketAddress address(int port) {
            return this == ANY ? new InetSocketAddress(port) : new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        }

        String display(int port) {
            return (this == ANY ? "0.0.0.0:" : "127.0.0.1:") + port;
        }
    }

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final boolean ownsWorkers;
    private final Channel channel;

    private StubServer(EventLoopGroup boss, EventLoopGroup workers, boolean ownsWorkers, Channel channel) {
        this.boss = boss;
        this.workers = workers;
        this.ownsWorkers = ownsWorkers;
        this.channel = channel;
    }

    /**
     * Binds {@code initializer}'s pipeline on 127.0.0.1:{@code port}.
     *
     * @param port    0..65535; 0 picks a free port
     * @param threads worker event loops, at least 1
     * @throws InterruptedException if interrupted while binding
     * @throws BindException when the port is taken
     */
    public static StubServer start(int port, int threads, ChannelInitializer<SocketChannel> initializer)
            throws InterruptedException, BindException {
        return start(Bind.LOOPBACK, port, threads, initializer);
    }

    /** Binds {@code initializer}'s pipeline on {@code bind}'s address; see {@link #start(int, int, ChannelInitializer)}. */
    public static StubServer start(Bind bind, int port, int threads, ChannelInitializer<SocketChannel> initializer)
            throws InterruptedException, BindException {
        return start(bind, port, new MultiThreadIoEventLoopGroup(threads, Transport.current().ioHandlers()), true, initializer);
    }

    /**
     * Binds on event loops the caller owns and shuts down itself — a proxy serves its downstream
     * and upstream connections on the same few threads, as Netty's proxy example does.
     */
    public static StubServer start(int port, EventLoopGroup workers, ChannelInitializer<SocketChannel> initializer)
            throws InterruptedException, BindException {
        return start(Bind.LOOPBACK, port, workers, initializer);
    }

    /** Binds on {@code bind}'s address, on event loops the caller owns. */
    public static StubServer start(Bind bind, int port, EventLoopGroup workers, ChannelInitializer<SocketChannel> initializer)
            throws InterruptedException, BindException {
        return start(bind, port, workers, false, initializer);
    }

    private static StubServer start(Bind bind, int port, EventLoopGroup workers, boolean ownsWorkers,
                                    ChannelInitializer<SocketChannel> initializer) throws InterruptedException, BindException {
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, Transport.current().ioHandlers());
        try {
            Channel channel = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(Transport.current().serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.ALLOCATOR, Transport.ALLOCATOR)
                    .childHandler(initializer)
                    .bind(bind.address(port))
                    .sync()
                    .channel();
            return new StubServer(boss, workers, ownsWorkers, channel);
        } catch (Exception e) {
            boss.shutdownGracefully();
            if (ownsWorkers) {
                workers.shutdownGracefully();
            }
            if (e instanceof IOException notBound) {
                throw (BindException) new BindException(bind.display(port) + ": " + notBound.getMessage()).initCause(notBound);
            }
            if (e instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            throw (RuntimeException) e;
        }
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Blocks until the server channel closes. */
    public void awaitClose() throws InterruptedException {
        channel.closeFuture().sync();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        boss.shutdownGracefully();
        if (ownsWorkers) {
            workers.shutdownGracefully();
        }
    }
}
