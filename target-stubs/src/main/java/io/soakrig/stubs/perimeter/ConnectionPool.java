package io.soakrig.stubs.perimeter;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import java.util.ArrayDeque;

/**
 * The connections of one event loop to one upstream host, as Envoy keeps a connection pool per
 * worker thread: at most {@code maxConnections} open or opening, the most recently used idle one
 * reused first, and at most {@code maxPending} requests waiting for one — a request beyond that is
 * refused at once, Envoy's pending overflow.
 *
 * <p>Confined to its event loop: every method runs there, so the pool needs no locks, promises or
 * atomics on the path every request takes. That is why it is not Netty's {@code FixedChannelPool},
 * whose thread-safe hand-offs cost more than the proxying itself.
 */
final class ConnectionPool {
    /** One wait for a connection. */
    interface Lease {
        /** A connection, now this lease's until {@link #release} — on the pool's event loop. */
        void acquired(Channel channel);

        /** No connection: it could not be opened ({@code overflow} false) or too many are waiting. */
        void refused(boolean overflow);
    }

    private final Bootstrap bootstrap;
    private final EventLoop loop;
    private final int maxConnections;
    private final int maxPending;
    private final ArrayDeque<Channel> idle = new ArrayDeque<>();
    private final ArrayDeque<Lease> waiting = new ArrayDeque<>();
    private int open;

    /** @param bootstrap connects to the host on {@code loop}, with the connection's pipeline set up */
    ConnectionPool(Bootstrap bootstrap, EventLoop loop, int maxConnections, int maxPending) {
        this.bootstrap = bootstrap;
        this.loop = loop;
        this.maxConnections = maxConnections;
        this.maxPending = maxPending;
    }

    EventLoop loop() {
        return loop;
    }

    /** Finds {@code lease} a connection: an idle one, a new one, or the next one released. */
    void acquire(Lease lease) {
        assert loop.inEventLoop();
        Channel channel = idle.pollFirst();
        while (channel != null && !channel.isActive()) {
            channel = idle.pollFirst();
        }
        if (channel != null) {
            lease.acquired(channel);
        } else if (open < maxConnections) {
            connect(lease);
        } else if (waiting.size() < maxPending) {
            waiting.addLast(lease);
        } else {
            lease.refused(true);
        }
    }

    /** Forgets a lease still waiting, when its try ended before it got a connection. */
    void cancel(Lease lease) {
        waiting.remove(lease);
    }

    /** Takes back a connection its lease is done with; a closed one is simply forgotten. */
    void release(Channel channel) {
        assert loop.inEventLoop();
        if (!channel.isActive()) {
            return;
        }
        Lease next = waiting.pollFirst();
        if (next != null) {
            next.acquired(channel);
        } else {
            idle.addFirst(channel);
        }
    }

    /** Connections open or opening. */
    int open() {
        return open;
    }

    /** Leases waiting for a connection. */
    int pending() {
        return waiting.size();
    }

    void close() {
        idle.forEach(Channel::close);
        idle.clear();
    }

    private void connect(Lease lease) {
        open++;
        ChannelFuture connecting = bootstrap.connect();
        connecting.addListener(connected -> {
            if (connected.isSuccess()) {
                Channel channel = connecting.channel();
                channel.closeFuture().addListener(closed -> closed(channel));
                lease.acquired(channel);
            } else {
                open--;
                lease.refused(false);
                serveWaiting();
            }
        });
    }

    private void closed(Channel channel) {
        open--;
        idle.remove(channel);
        serveWaiting();
    }

    private void serveWaiting() {
        Lease next = waiting.peekFirst();
        if (next != null && open < maxConnections) {
            waiting.pollFirst();
            connect(next);
        }
    }
}
