package io.soakrig.stubs;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;

/**
 * HTTP/1.1 server pipeline ending in one shared request handler. Requests are aggregated up to
 * {@link #MAX_REQUEST_BYTES}; a larger body is refused by Netty with 413 rather than buffered
 * without bound.
 */
public final class HttpPipeline extends ChannelInitializer<SocketChannel> {
    public static final int MAX_REQUEST_BYTES = 1 << 20;

    private final ChannelHandler handler;

    /** @param handler a {@link ChannelHandler.Sharable} handler of {@code FullHttpRequest}s */
    public HttpPipeline(ChannelHandler handler) {
        this.handler = handler;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline()
                .addLast(new HttpServerCodec())
                .addLast(new HttpServerKeepAliveHandler())
                .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                .addLast(handler);
    }
}
