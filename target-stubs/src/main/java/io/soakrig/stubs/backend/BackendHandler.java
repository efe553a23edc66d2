package io.soakrig.stubs.backend;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.soakrig.stubs.HttpResponses;
import io.soakrig.stubs.StubMetrics;

/**
 * A healthy generic backend: answers every path with a small JSON document naming the path it
 * served, and counts what it answered so the harness can reconcile the client's request count
 * with the server's. Faults and service behaviour are layered on by later stubs.
 */
@ChannelHandler.Sharable
public final class BackendHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final StubMetrics metrics;

    public BackendHandler(StubMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String path = new QueryStringDecoder(request.uri()).path();
        String body = "{\"stub\":\"backend\",\"method\":\"" + request.method() + "\",\"path\":\""
                + jsonEscaped(path) + "\"}";
        HttpResponses.send(ctx, request, HttpResponses.of(HttpResponseStatus.OK, "application/json", body));
        metrics.requestServed();
    }

    private static String jsonEscaped(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
