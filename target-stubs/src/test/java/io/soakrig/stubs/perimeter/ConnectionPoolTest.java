package io.soakrig.stubs.perimeter;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.soakrig.stubs.StubServer;
import io.soakrig.stubs.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The per-loop pool against a real loopback server that accepts connections and never answers. */
class ConnectionPoolTest {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, Transport.current().ioHandlers());
    private final EventLoop loop = group.next();
    private StubServer server;

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Test
    void opensUpToMaxConnectionsThenQueuesUpToMaxPendingThenOverflows() throws Exception {
        ConnectionPool pool = pool(listening(), 2, 1);
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        Recorder third = new Recorder();
        Recorder fourth = new Recorder();

        onLoop(() -> {
            pool.acquire(first);
            pool.acquire(second);
            pool.acquire(third);
            pool.acquire(fourth);
        });

        assertThat(first.next()).isInstanceOf(Channel.class);
        assertThat(second.next()).isInstanceOf(Channel.class);
        assertThat(fourth.next()).as("beyond max_pending_requests").isEqualTo("overflow");
        assertThat(onLoop(pool::open)).isEqualTo(2);
        assertThat(onLoop(pool::pending)).as("the third waits").isEqualTo(1);
        assertThat(third.events).isEmpty();
    }

    @Test
    void aReleasedConnectionGoesToTheFirstWaiterWithoutOpeningAnother() throws Exception {
        ConnectionPool pool = pool(listening(), 1, 4);
        Recorder waiter = new Recorder();
        Channel held = heldWhile(pool, waiter);

        onLoop(() -> pool.release(held));

        assertThat(waiter.next()).isSameAs(held);
        assertThat(onLoop(pool::open)).isEqualTo(1);
        assertThat(onLoop(pool::pending)).isZero();
    }

    @Test
    void aClosedConnectionFreesItsSlotForAWaiter() throws Exception {
        ConnectionPool pool = pool(listening(), 1, 4);
        Recorder waiter = new Recorder();
        Channel held = heldWhile(pool, waiter);

        held.close().sync();

        Object got = waiter.next();
        assertThat(got).isInstanceOf(Channel.class).isNotSameAs(held);
        assertThat(((Channel) got).isActive()).isTrue();
        assertThat(onLoop(pool::open)).isEqualTo(1);
    }

    @Test
    void aCancelledWaiterIsForgottenAndTheReleasedConnectionGoesIdle() throws Exception {
        ConnectionPool pool = pool(listening(), 1, 4);
        Recorder cancelled = new Recorder();
        Channel held = heldWhile(pool, cancelled);

        onLoop(() -> pool.cancel(cancelled));
        onLoop(() -> pool.release(held));

        assertThat(onLoop(pool::pending)).isZero();
        assertThat(cancelled.events).as("a cancelled lease is given nothing").isEmpty();
        Recorder later = new Recorder();
        onLoop(() -> pool.acquire(later));
        assertThat(later.next()).as("the idle connection, reused").isSameAs(held);
        assertThat(onLoop(pool::open)).isEqualTo(1);
    }

    @Test
    void aHostThatRefusesConnectionsIsAConnectFailureAndLeavesNoSlotTaken() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        ConnectionPool pool = pool(closedPort, 1, 1);
        Recorder lease = new Recorder();

        onLoop(() -> pool.acquire(lease));

        assertThat(lease.next()).isEqualTo("connect-failure");
        assertThat(onLoop(pool::open)).isZero();
    }

    private int listening() throws Exception {
        server = StubServer.start(0, 1, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
            }
        });
        return server.port();
    }

    private ConnectionPool pool(int port, int maxConnections, int maxPending) {
        Bootstrap bootstrap = new Bootstrap().group(loop).channel(Transport.current().channel())
                .remoteAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                    }
                });
        return new ConnectionPool(bootstrap, loop, maxConnections, maxPending);
    }

    /** A connection of a one-connection pool, held while {@code waiter} queues for it. */
    private Channel heldWhile(ConnectionPool pool, Recorder waiter) throws Exception {
        Recorder holder = new Recorder();
        onLoop(() -> pool.acquire(holder));
        Channel held = (Channel) holder.next();
        onLoop(() -> pool.acquire(waiter));
        assertThat(onLoop(pool::pending)).isEqualTo(1);
        return held;
    }

    private <T> T onLoop(Callable<T> task) throws Exception {
        return loop.submit(task).get(10, TimeUnit.SECONDS);
    }

    private void onLoop(Runnable task) throws Exception {
        loop.submit(task).get(10, TimeUnit.SECONDS);
    }

    /** What a lease was given, in order: a channel, "overflow" or "connect-failure". */
    private static final class Recorder implements ConnectionPool.Lease {
        final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

        @Override
        public void acquired(Channel channel) {
            events.add(channel);
        }

        @Override
        public void refused(boolean overflow) {
            events.add(overflow ? "overflow" : "connect-failure");
        }

        Object next() throws InterruptedException {
            Object event = events.poll(10, TimeUnit.SECONDS);
            assertThat(event).as("an event within 10 s").isNotNull();
            return event;
        }
    }
}
