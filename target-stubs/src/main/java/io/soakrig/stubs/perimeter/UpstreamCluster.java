package io.soakrig.stubs.perimeter;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.soakrig.stubs.Transport;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One upstream cluster: its hosts, each with a bounded {@link ConnectionPool}, which gives Envoy's
 * {@code max_connections} and {@code max_pending_requests} their meaning — connections beyond the
 * first threshold are not opened, and requests waiting for one beyond the second fail at once as
 * a pending overflow.
 *
 * <p>As in Envoy, whose connection pools belong to a worker thread, each event loop has pools of
 * its own, and the thresholds are divided among the loops: a request and its upstream connection
 * live on the same thread, with no hand-off between them. A try's timeout runs from the moment it
 * asks for a connection, so time spent waiting in the pool counts against it.
 */
final class UpstreamCluster {
    private static final int MAX_RESPONSE_BYTES = 16 << 20;

    /** How one try ended: a response, or why there is none. */
    record Try(FullHttpResponse response, Failure failure) {
        enum Failure { CONNECT_FAILURE, RESET, PER_TRY_TIMEOUT, PENDING_OVERFLOW }
    }

    private final String name;
    private final List<InetSocketAddress> hosts;
    private final int connectionsPerPool;
    private final int pendingPerPool;
    private final Duration connectTimeout;
    private final Map<EventLoop, LoopPools> poolsByLoop = new ConcurrentHashMap<>();

    /**
     * @param maxConnections     across the cluster, split evenly over its hosts
     * @param maxPendingRequests requests that may wait for a connection, per host
     */
    UpstreamCluster(String name, List<String> urls, EventLoopGroup group, int maxConnections, int maxPendingRequests,
                    Duration connectTimeout) {
        this.name = name;
        this.hosts = urls.stream().map(URI::create).map(u -> new InetSocketAddress(u.getHost(), u.getPort())).toList();
        int loops = 0;
        for (var ignored : group) {
            loops++;
        }
        int pools = Math.max(1, loops * hosts.size());
        this.connectionsPerPool = Math.max(1, (maxConnections + pools - 1) / pools);
        this.pendingPerPool = Math.max(1, (maxPendingRequests + pools - 1) / pools);
        this.connectTimeout = connectTimeout;
    }

    String name() {
        return name;
    }

    /**
     * Sends {@code request} (retained while written; the caller keeps its own reference) to the
     * next host over a connection of {@code loop}'s pools, and hands the response or the failure to
     * {@code done} on {@code loop}. Must be called on {@code loop}.
     */
    void send(FullHttpRequest request, Duration perTryTimeout, EventLoop loop, Consumer<Try> done) {
        new UpstreamTry(request, poolsByLoop.computeIfAbsent(loop, this::poolsOf).next(), done).start(perTryTimeout);
    }

    void close() {
        poolsByLoop.values().forEach(LoopPools::close);
    }

    private LoopPools poolsOf(EventLoop loop) {
        List<ConnectionPool> pools = hosts.stream().map(address -> new ConnectionPool(new Bootstrap().group(loop)
                .channel(Transport.current().channel())
                .option(ChannelOption.ALLOCATOR, Transport.ALLOCATOR)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                .remoteAddress(address)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_RESPONSE_BYTES), new ResponseHandler());
                    }
                }), loop, connectionsPerPool, pendingPerPool)).toList();
        return new LoopPools(loop, pools);
    }

    /** One event loop's pools, one per host, taken in turn. Confined to that loop. */
    private static final class LoopPools {
        private final EventLoop loop;
        private final List<ConnectionPool> pools;
        private int next;

        LoopPools(EventLoop loop, List<ConnectionPool> pools) {
            this.loop = loop;
            this.pools = pools;
        }

        ConnectionPool next() {
            ConnectionPool pool = pools.get(next);
            next = (next + 1) % pools.size();
            return pool;
        }

        void close() {
            loop.execute(() -> pools.forEach(ConnectionPool::close));
        }
    }

    /** One try: waits for a connection, writes the request, and ends once, however it ends. */
    private static final class UpstreamTry implements ConnectionPool.Lease {
        private final FullHttpRequest request;
        private final ConnectionPool pool;
        private final Consumer<Try> done;
        private ScheduledFuture<?> timeout;
        private Channel channel;
        private ResponseHandler responses;
        private boolean ended;

        UpstreamTry(FullHttpRequest request, ConnectionPool pool, Consumer<Try> done) {
            this.request = request;
            this.pool = pool;
            this.done = done;
        }

        void start(Duration perTryTimeout) {
            timeout = pool.loop().schedule(this::timedOut, perTryTimeout.toNanos(), TimeUnit.NANOSECONDS);
            pool.acquire(this);
        }

        @Override
        public void acquired(Channel ch) {
            if (ended) {
                pool.release(ch);
                return;
            }
            channel = ch;
            responses = ch.pipeline().get(ResponseHandler.class);
            responses.inFlight = this;
            if (!request.headers().contains(HttpHeaderNames.HOST)) {
                InetSocketAddress host = (InetSocketAddress) ch.remoteAddress();
                request.headers().set(HttpHeaderNames.HOST, host.getHostString() + ":" + host.getPort());
            }
            HttpUtil.setKeepAlive(request, true);
            ch.writeAndFlush(request.retain(), ch.voidPromise());
        }

        @Override
        public void refused(boolean overflow) {
            end(new Try(null, overflow ? Try.Failure.PENDING_OVERFLOW : Try.Failure.CONNECT_FAILURE));
        }

        void answered(FullHttpResponse response) {
            if (!end(new Try(response, null))) {
                response.release();
            }
        }

        void reset() {
            end(new Try(null, Try.Failure.RESET));
        }

        private void timedOut() {
            Channel ch = channel;
            if (end(new Try(null, Try.Failure.PER_TRY_TIMEOUT)) && ch != null) {
                ch.close();
            }
        }

        /** Ends the try with {@code outcome}, once: false if it had already ended. */
        private boolean end(Try outcome) {
            if (ended) {
                return false;
            }
            ended = true;
            timeout.cancel(false);
            if (channel != null) {
                responses.inFlight = null;
                if (outcome.response() != null) {
                    pool.release(channel);
                }
            } else {
                pool.cancel(this);
            }
            done.accept(outcome);
            return true;
        }
    }

    /**
     * Completes the connection's try in flight with its response, or with a reset when the
     * connection drops or a write fails (written with the void promise, a failed write is an
     * exception here). A response that closes its connection detaches the try first, so the close
     * is not mistaken for a reset of it.
     */
    private static final class ResponseHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
        private UpstreamTry inFlight;

        ResponseHandler() {
            super(false);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            UpstreamTry t = inFlight;
            if (!HttpUtil.isKeepAlive(response)) {
                inFlight = null;
                ctx.close();
            }
            if (t == null) {
                response.release();
            } else {
                t.answered(response);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (inFlight != null) {
                inFlight.reset();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (inFlight != null) {
                inFlight.reset();
            }
            ctx.close();
        }
    }
}
