package io.soakrig.stubs.service;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.soakrig.profile.StubSpec;
import io.soakrig.profile.FaultSpec;
import io.soakrig.stubs.HttpResponses;
import io.soakrig.stubs.StubMetrics;
import io.soakrig.stubs.faults.FaultOutcome;
import io.soakrig.stubs.faults.Faults;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The service port of every stub: hands each request to a worker, applies the stub's faults (or
 * the request's own, from the {@value StubSpec#FAULT_HEADER} header), runs the role's behaviour
 * and answers (or, for a reset or a hang fault, does not). Netty's event loop never blocks; workers do, and when they are all busy and their
 * queue is full the request is refused with 503 at once, as an overloaded server would. A request
 * that cannot block (a non-blocking behaviour, no delaying fault) is served on the event loop.
 */
@ChannelHandler.Sharable
public final class ServiceHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final Behaviour behaviour;
    private final Faults faults;
    private final Executor workers;
    private final StubMetrics metrics;

    public ServiceHandler(Behaviour behaviour, Faults faults, Executor workers, StubMetrics metrics) {
        this.behaviour = behaviour;
        this.faults = faults;
        this.workers = workers;
        this.metrics = metrics;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!behaviour.blocks() && !faults.mayDelay() && !request.headers().contains(StubSpec.FAULT_HEADER)) {
            serve(ctx, request);
            return;
        }
        request.retain();
        try {
            workers.execute(() -> {
                try {
                    serve(ctx, request);
                } finally {
                    request.release();
                }
            });
        } catch (RejectedExecutionException overloaded) {
            request.release();
            answer(ctx, request, new Reply(503, 0, "all workers busy"), "overloaded");
        }
    }

    private void serve(ChannelHandlerContext ctx, FullHttpRequest request) {
        Request r = Request.of(request.method().name(), request.uri());
        Reply reply;
        try {
            String header = request.headers().get(StubSpec.FAULT_HEADER);
            FaultOutcome outcome = header == null ? faults.apply() : faults.apply(FaultSpec.fromHeader(header));
            if (outcome.reset()) {
                metrics.answered(r.endpoint(), 0);
                ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
                ctx.close();
                return;
            }
            if (outcome.hang()) {
                metrics.answered(r.endpoint(), 0);
                return;
            }
            reply = outcome.errorStatus() > 0 ? new Reply(outcome.errorStatus(), 0, "injected fault") : behaviour.handle(r);
        } catch (IllegalArgumentException badHeader) {
            reply = new Reply(400, 0, badHeader.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply = Reply.unavailable("shutting down");
        }
        answer(ctx, request, reply, r.endpoint());
    }

    private void answer(ChannelHandlerContext ctx, FullHttpRequest request, Reply reply, String endpoint) {
        byte[] reason = reply.reason().getBytes(StandardCharsets.UTF_8);
        ByteBuf body = ctx.alloc().buffer(Math.max(reply.bodyBytes(), reason.length));
        body.writeBytes(reason);
        body.writeZero(Math.max(0, reply.bodyBytes() - reason.length));
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(reply.status()), body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream");
        metrics.answered(endpoint, reply.status());
        HttpResponses.send(ctx, request, response);
    }
}
