package io.soakrig.stubs.perimeter;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.pool.AbstractChannelPoolHandler;
import io.netty.channel.pool.ChannelHealthChecker;
import io.netty.channel.pool.FixedChannelPool;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One upstream cluster: its hosts, each with a bounded connection pool (Netty's
 * {@link FixedChannelPool}), which gives Envoy's {@code max_connections} and
 * {@code max_pending_requests} their meaning — connections beyond the first threshold are not
 * opened, and requests waiting for one beyond the second fail at once as a pending overflow.
 *
 * <p>As in Envoy, whose connection pools belong to a worker thread, each event loop has pools of
 * its own, and the thresholds are divided among the loops: a request and its upstream connection
 * live on the same thread, with no hand-off between them.
 */
final class UpstreamCluster {
    private static final AttributeKey<Promise<Try>> IN_FLIGHT = AttributeKey.valueOf("soakrig.inFlight");
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
    private final Map<EventLoop, List<FixedChannelPool>> poolsByLoop = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();

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

    private List<FixedChannelPool> poolsOf(EventLoop loop) {
        return poolsByLoop.computeIfAbsent(loop, l -> hosts.stream().map(address -> {
            Bootstrap bootstrap = new Bootstrap().group(l).channel(NioSocketChannel.class)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                    .remoteAddress(address);
            return new FixedChannelPool(bootstrap, new AbstractChannelPoolHandler() {
                @Override
                public void channelCreated(Channel ch) {
                    ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_RESPONSE_BYTES), new ResponseHandler());
                }
            }, ChannelHealthChecker.ACTIVE, null, -1, connectionsPerPool, pendingPerPool, false, true);
        }).toList());
    }

    String name() {
        return name;
    }

    /**
     * Sends {@code request} (retained here, released when written) to the next host, over a
     * connection of {@code loop}'s pools, and completes the returned future with the response or
     * the failure.
     */
    Future<Try> send(FullHttpRequest request, Duration perTryTimeout, Promise<Try> result, EventLoop loop) {
        List<FixedChannelPool> pools = poolsOf(loop);
        FixedChannelPool pool = pools.get(Math.floorMod(next.getAndIncrement(), pools.size()));
        request.retain();
        pool.acquire().addListener((Future<Channel> acquired) -> {
            if (!acquired.isSuccess()) {
                request.release();
                boolean overflow = acquired.cause() instanceof IllegalStateException;
                result.trySuccess(new Try(null, overflow ? Try.Failure.PENDING_OVERFLOW : Try.Failure.CONNECT_FAILURE));
                return;
            }
            Channel ch = acquired.getNow();
            ch.attr(IN_FLIGHT).set(result);
            ScheduledFuture<?> timeout = ch.eventLoop().schedule(() -> {
                if (result.trySuccess(new Try(null, Try.Failure.PER_TRY_TIMEOUT))) {
                    ch.close();
                }
            }, perTryTimeout.toNanos(), TimeUnit.NANOSECONDS);
            result.addListener(done -> {
                timeout.cancel(false);
                ch.attr(IN_FLIGHT).set(null);
                pool.release(ch);
            });
            request.headers().set(HttpHeaderNames.HOST, ch.remoteAddress().toString());
            HttpUtil.setKeepAlive(request, true);
            ch.writeAndFlush(request).addListener(written -> {
                if (!written.isSuccess()) {
                    result.trySuccess(new Try(null, Try.Failure.RESET));
                    ch.close();
                }
            });
        });
        return result;
    }

    void close() {
        poolsByLoop.values().forEach(pools -> pools.forEach(FixedChannelPool::close));
    }

    /** Completes the channel's in-flight try with its response, or with a reset when the connection drops. */
    private static final class ResponseHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            Promise<Try> promise = ctx.channel().attr(IN_FLIGHT).get();
            if (promise == null || !promise.trySuccess(new Try(response.retain(), null))) {
                response.release();
                return;
            }
            if (!HttpUtil.isKeepAlive(response)) {
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            fail(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(ctx);
            ctx.close();
        }

        private static void fail(ChannelHandlerContext ctx) {
            Promise<Try> promise = ctx.channel().attr(IN_FLIGHT).get();
            if (promise != null) {
                promise.trySuccess(new Try(null, Try.Failure.RESET));
            }
        }
    }
}
