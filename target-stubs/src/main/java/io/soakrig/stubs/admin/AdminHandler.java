package io.soakrig.stubs.admin;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.soakrig.stubs.HttpResponses;
import io.soakrig.stubs.StubMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The stub's control plane: {@code GET /metrics} in Prometheus text format.
 *
 * <p>Every request must carry {@code Authorization: Bearer <token>} with the token the harness
 * generated for this run; anything else gets 401. The admin port is where later control actions
 * (fault injection, leak switches) will live, and those must not be reachable by a stray client.
 * The comparison is constant-time so the token cannot be guessed byte by byte.
 */
@ChannelHandler.Sharable
public final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final StubMetrics metrics;
    private final byte[] expectedAuthorization;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    /**
     * @param token the bearer token clients must present; at least 16 characters
     */
    public AdminHandler(StubMetrics metrics, String token) {
        if (token == null || token.length() < 16) {
            throw new IllegalArgumentException("the admin token must have at least 16 characters");
        }
        this.metrics = metrics;
        this.expectedAuthorization = ("Bearer " + token).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) throws IOException {
        FullHttpResponse response;
        if (!authorized(request)) {
            response = HttpResponses.text(HttpResponseStatus.UNAUTHORIZED, "a bearer token is required\n");
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
        } else if (!"/metrics".equals(new QueryStringDecoder(request.uri()).path())) {
            response = HttpResponses.text(HttpResponseStatus.NOT_FOUND, "the admin port serves /metrics\n");
        } else if (!HttpMethod.GET.equals(request.method())) {
            response = HttpResponses.text(HttpResponseStatus.METHOD_NOT_ALLOWED, "use GET\n");
        } else {
            ByteBuf body = ctx.alloc().buffer();
            try (ByteBufOutputStream out = new ByteBufOutputStream(body)) {
                writer.write(out, metrics.registry().scrape());
            }
            response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, writer.getContentType());
        }
        HttpResponses.send(ctx, request, response);
    }

    private boolean authorized(FullHttpRequest request) {
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        return header != null
                && MessageDigest.isEqual(header.getBytes(StandardCharsets.US_ASCII), expectedAuthorization);
    }
}
