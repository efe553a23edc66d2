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
import io.soakrig.stubs.perimeter.FilterChain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

/**
 * The stub's control plane: {@code GET /metrics} in Prometheus text format and, on a perimeter,
 * {@code GET /filters} and {@code PUT /filters} (body: the filter names in order, comma-separated)
 * — the configuration push through which an incident's filter reorder arrives.
 *
 * <p>Every request must carry {@code Authorization: Bearer <token>} with the token the harness
 * generated for this run; anything else gets 401: a control action that can crash the process
 * must not be reachable by a stray client. The comparison is constant-time so the token cannot be
 * guessed byte by byte.
 */
@ChannelHandler.Sharable
public final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final StubMetrics metrics;
    private final FilterChain filters;
    private final byte[] expectedAuthorization;
    /** Path of a perimeter's filter order. */
    public static final String FILTERS = "/filters";

    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    /** An admin port with metrics only. */
    public AdminHandler(StubMetrics metrics, String token) {
        this(metrics, token, null);
    }

    /**
     * @param token   the bearer token clients must present; at least 16 characters
     * @param filters a perimeter's filter chain, or null for a stub without one
     */
    public AdminHandler(StubMetrics metrics, String token, FilterChain filters) {
        if (token == null || token.length() < 16) {
            throw new IllegalArgumentException("the admin token must have at least 16 characters");
        }
        this.metrics = metrics;
        this.filters = filters;
        this.expectedAuthorization = ("Bearer " + token).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) throws IOException {
        if (authorized(request) && filters != null && FILTERS.equals(new QueryStringDecoder(request.uri()).path())
                && HttpMethod.PUT.equals(request.method())) {
            push(ctx, request);
            return;
        }
        FullHttpResponse response;
        if (!authorized(request)) {
            response = HttpResponses.text(HttpResponseStatus.UNAUTHORIZED, "a bearer token is required\n");
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
        } else if (filters != null && FILTERS.equals(new QueryStringDecoder(request.uri()).path())) {
            response = HttpMethod.GET.equals(request.method())
                    ? HttpResponses.text(HttpResponseStatus.OK, String.join(",", filters.names()) + "\n")
                    : HttpResponses.text(HttpResponseStatus.METHOD_NOT_ALLOWED, "use GET or PUT\n");
        } else if (!"/metrics".equals(new QueryStringDecoder(request.uri()).path())) {
            response = HttpResponses.text(HttpResponseStatus.NOT_FOUND, "the admin port serves /metrics"
                    + (filters == null ? "" : " and " + FILTERS) + "\n");
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

    /** A new filter order: checked, acknowledged, and put in force once the acknowledgement is written. */
    private void push(ChannelHandlerContext ctx, FullHttpRequest request) {
        String body = request.content().toString(StandardCharsets.UTF_8).strip();
        FilterChain.Reorder reorder;
        try {
            reorder = filters.prepare(body.isEmpty() ? List.of() : Arrays.stream(body.split(",")).map(String::strip).toList());
        } catch (IllegalArgumentException e) {
            HttpResponses.send(ctx, request, HttpResponses.text(HttpResponseStatus.BAD_REQUEST, e.getMessage() + "\n"));
            return;
        }
        HttpResponses.send(ctx, request, HttpResponses.text(HttpResponseStatus.OK, String.join(",", reorder.names()) + "\n"))
                .addListener(written -> reorder.apply());
    }

    private boolean authorized(FullHttpRequest request) {
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        return header != null
                && MessageDigest.isEqual(header.getBytes(StandardCharsets.US_ASCII), expectedAuthorization);
    }
}
