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
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One downstream connection of the perimeter: the filter chain in its configured order, then the
 * router; the chain's order is read per request, so a pushed reorder applies to the next one. Reading is driven by hand (AUTO_READ off, as in Netty's proxy example): the next request
 * is read only once the previous response is written, so a slow upstream slows its downstream
 * instead of piling requests up in memory.
 *
 * <p>The connection holds {@code connectionStateBytes} of real memory from its first accepted
 * request until it closes (Envoy's per-connection buffers and codec state), and each request and
 * response body is counted while buffered: that is the heap the overload manager's fixed-heap
 * monitor sees. A request refused by the overload manager allocates nothing.
 */
public final class PerimeterHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final FilterChain filters;
    private final Router router;
    private final OverloadManager overload;
    private final PerimeterStats stats;
    private final StubMetrics metrics;
    private byte[] connectionState;

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
        if (connectionState != null) {
            overload.release(connectionState.length);
            connectionState = null;
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        stats.downstreamRq.inc();
        if (!overload.acceptingRequests()) {
            stats.overloadRejected.inc();
            request.release();
            respond(ctx, request, "overloaded", Router.local(HttpResponseStatus.SERVICE_UNAVAILABLE, "envoy overloaded", true), 0);
            return;
        }
        if (connectionState == null) {
            connectionState = new byte[overload.connectionStateBytes()];
            Arrays.fill(connectionState, (byte) 1);
            overload.hold(connectionState.length);
        }
        int buffered = request.content().readableBytes();
        overload.hold(buffered);
        Exchange exchange = new Exchange(request);
        runFilters(filters.current(), exchange, 0).whenComplete((decision, error) -> onLoop(ctx, () -> {
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

    private static CompletionStage<Decision> runFilters(List<PerimeterFilter> chain, Exchange exchange, int index) {
        if (index == chain.size()) {
            return CompletableFuture.completedFuture(Decision.CONTINUE);
        }
        return chain.get(index).apply(exchange)
                .thenCompose(d -> d.proceeds() ? runFilters(chain, exchange, index + 1) : CompletableFuture.completedFuture(d));
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
                ctx.read();
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
