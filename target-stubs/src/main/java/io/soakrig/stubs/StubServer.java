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
 * network, so no other address can be chosen.
 *
 * <p>A port that cannot be bound is a {@link BindException} whichever {@link Transport} runs the
 * stub (native epoll reports it as a plain {@code IOException}).
 *
 * <p>Port 0 asks the kernel for a free ephemeral port; {@link #port()} tells which one it gave,
 * which is how parallel runs never collide.
 */
public final class StubServer implements AutoCloseable {
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
        return start(port, new MultiThreadIoEventLoopGroup(threads, Transport.current().ioHandlers()), true, initializer);
    }

    /**
     * Binds on event loops the caller owns and shuts down itself — a proxy serves its downstream
     * and upstream connections on the same few threads, as Netty's proxy example does.
     */
    public static StubServer start(int port, EventLoopGroup workers, ChannelInitializer<SocketChannel> initializer)
            throws InterruptedException, BindException {
        return start(port, workers, false, initializer);
    }

    private static StubServer start(int port, EventLoopGroup workers, boolean ownsWorkers,
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
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                    .sync()
                    .channel();
            return new StubServer(boss, workers, ownsWorkers, channel);
        } catch (Exception e) {
            boss.shutdownGracefully();
            if (ownsWorkers) {
                workers.shutdownGracefully();
            }
            if (e instanceof IOException bind) {
                throw (BindException) new BindException("127.0.0.1:" + port + ": " + bind.getMessage()).initCause(bind);
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
