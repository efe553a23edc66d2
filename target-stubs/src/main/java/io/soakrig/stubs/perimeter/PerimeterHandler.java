package io.soakrig.stubs.perimeter;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.soakrig.stubs.StubMetrics;
import io.soakrig.stubs.perimeter.filters.Decision;
import io.soakrig.stubs.perimeter.filters.PerimeterFilter;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;

/**
 * One downstream connection of the perimeter: the filter chain in its configured order, then the
 * router; the chain's order is read per request, so a pushed reorder applies to the next one.
 *
 * <p>Reading is driven by demand (AUTO_READ off, as in Netty's proxy example), one request ahead:
 * while a request is in flight the connection may read the next one, and a connection with a
 * request in flight and another waiting reads nothing until the first response is written. So a
 * slow upstream slows its downstream instead of piling requests up in memory, pipelined requests
 * are answered in order (as Envoy's HTTP/1 codec answers them), and a client that closes while its
 * request is upstream is seen at once. Demanding one ahead rather than none keeps the socket's read
 * interest set across an ordinary keep-alive exchange; demanding none would cost two
 * {@code epoll_ctl} calls a request.
 *
 * <p>The connection holds {@code connectionStateBytes} of real native memory from its first
 * accepted request until it closes ({@link ConnectionState}: Envoy's per-connection buffers and
 * codec state), and each request and response body is counted while buffered: that is the heap
 * the overload manager's fixed-heap monitor sees. A request refused by the overload manager
 * allocates nothing.
 */
public final class PerimeterHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final FilterChain filters;
    private final Router router;
    private final OverloadManager overload;
    private final PerimeterStats stats;
    private final StubMetrics metrics;
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>(2);
    private boolean inFlight;
    private ConnectionState connectionState;

    PerimeterHandler(FilterChain filters, Router router, OverloadManager overload, PerimeterStats stats,
                     StubMetrics metrics) {
        super(false);
        this.filters = filters;
        this.router = router;
        this.overload = overload;
        this.stats = stats;
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(false);
        stats.downstreamCxActive.incrementAndGet();
        ctx.read();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stats.downstreamCxActive.decrementAndGet();
        waiting.forEach(FullHttpRequest::release);
        waiting.clear();
        if (connectionState != null) {
            connectionState.release();
            connectionState = null;
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (inFlight) {
            waiting.add(request);
        } else {
            handle(ctx, request);
        }
    }

    private void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        inFlight = true;
        if (waiting.isEmpty()) {
            ctx.read();
        }
        stats.downstreamRq.inc();
        if (!overload.acceptingRequests()) {
            stats.overloadRejected.inc();
            request.release();
            respond(ctx, request, "overloaded", Router.local(HttpResponseStatus.SERVICE_UNAVAILABLE, "envoy overloaded", true), 0);
            return;
        }
        if (connectionState == null) {
            connectionState = ConnectionState.hold(overload);
        }
        int buffered = request.content().readableBytes();
        overload.hold(buffered);
        Exchange exchange = new Exchange(request);
        runFilters(filters.current(), exchange, 0, (decision, error) -> onLoop(ctx, () -> {
            if (error != null) {
                request.release();
                respond(ctx, request, exchange.endpoint(), Router.local(HttpResponseStatus.INTERNAL_SERVER_ERROR, "filter failed: " + error, false), buffered);
            } else if (!decision.proceeds()) {
                request.release();
                FullHttpResponse local = Router.local(HttpResponseStatus.valueOf(decision.status()), decision.body(), false);
                decision.headers().forEach((k, v) -> local.headers().set(k, v));
                respond(ctx, request, exchange.endpoint(), local, buffered);
            } else {
                router.route(request, exchange.path(), ctx.channel().eventLoop(), response -> {
                    request.release();
                    respond(ctx, request, exchange.endpoint(), response, buffered);
                });
            }
        }));
    }

    /** Runs {@code task} on the channel's event loop, directly when already there. */
    private static void onLoop(ChannelHandlerContext ctx, Runnable task) {
        if (ctx.executor().inEventLoop()) {
            task.run();
        } else {
            ctx.executor().execute(task);
        }
    }

    /**
     * Runs the chain from {@code index} and hands the first refusal, or CONTINUE, to {@code then}.
     * Filters that decided at once are followed in a loop; only a filter still deciding (one that
     * asks another service) makes the rest of the chain a continuation.
     */
    private static void runFilters(List<PerimeterFilter> chain, Exchange exchange, int index,
                                   BiConsumer<Decision, Throwable> then) {
        for (int i = index; i < chain.size(); i++) {
            CompletableFuture<Decision> decided = chain.get(i).apply(exchange).toCompletableFuture();
            if (!decided.isDone()) {
                int next = i + 1;
                decided.whenComplete((d, error) -> {
                    if (error != null || !d.proceeds()) {
                        then.accept(d, error);
                    } else {
                        runFilters(chain, exchange, next, then);
                    }
                });
                return;
            }
            Decision d;
            try {
                d = decided.join();
            } catch (CompletionException | CancellationException e) {
                then.accept(null, e.getCause() != null ? e.getCause() : e);
                return;
            }
            if (!d.proceeds()) {
                then.accept(d, null);
                return;
            }
        }
        then.accept(Decision.CONTINUE, null);
    }

    private void respond(ChannelHandlerContext ctx, FullHttpRequest request, String endpoint, FullHttpResponse response,
                         int buffered) {
        metrics.answered(endpoint, response.status().code());
        int responseBytes = response.content().readableBytes();
        overload.hold(responseBytes);
        boolean keepAlive = HttpUtil.isKeepAlive(request) && !overload.keepAliveDisabled();
        HttpUtil.setContentLength(response, responseBytes);
        HttpUtil.setKeepAlive(response, keepAlive);
        response.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
        ctx.writeAndFlush(response).addListener((ChannelFutureListener) written -> {
            overload.release(buffered + responseBytes);
            if (keepAlive && written.isSuccess()) {
                inFlight = false;
                FullHttpRequest next = waiting.poll();
                if (next != null) {
                    handle(ctx, next);
                }
            } else {
                ctx.close();
            }
        });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

}
