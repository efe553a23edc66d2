package io.soakrig.stubs;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The socket transport every stub uses: Netty's native epoll where the platform has it, else NIO.
 *
 * <p>A stub must never be the bottleneck of the system it imitates. Native epoll is
 * edge-triggered and calls the kernel directly, with no {@code Selector} in between: on a
 * proxying perimeter that is fewer system calls and less garbage a request, which is how Envoy
 * and nginx run their event loops too. NIO remains for platforms without it, with the same
 * behaviour.
 */
public enum Transport {
    EPOLL, NIO;

    /**
     * The buffers of every stub channel: Netty's pooled allocator with its per-thread caches, which
     * on the perimeter's proxy path costs less CPU a request than 4.2's adaptive default.
     */
    public static final ByteBufAllocator ALLOCATOR = PooledByteBufAllocator.DEFAULT;

    /** The transport of this platform. */
    public static Transport current() {
        return Epoll.isAvailable() ? EPOLL : NIO;
    }

    public IoHandlerFactory ioHandlers() {
        return this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    public Class<? extends ServerSocketChannel> serverChannel() {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public Class<? extends SocketChannel> channel() {
        return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }
}
