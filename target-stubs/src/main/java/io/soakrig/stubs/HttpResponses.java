package io.soakrig.stubs;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Building and sending complete HTTP/1.1 responses the same way on every stub port. */
public final class HttpResponses {
    private HttpResponses() {
    }

    /** A response with a UTF-8 body of the given content type. */
    public static FullHttpResponse of(HttpResponseStatus status, String contentType, String body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        return response;
    }

    /** A plain-text response, for errors and explanations. */
    public static FullHttpResponse text(HttpResponseStatus status, String body) {
        return of(status, "text/plain; charset=utf-8", body);
    }

    /**
     * Writes {@code response} honouring the request's keep-alive wish: the connection stays open
     * for the next request when the client asked for it and is closed after the write otherwise.
     */
    public static ChannelFuture send(ChannelHandlerContext ctx, HttpRequest request, FullHttpResponse response) {
        HttpUtil.setContentLength(response, response.content().readableBytes());
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        var written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
        return written;
    }
}
