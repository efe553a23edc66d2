package io.soakrig.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.concurrent.FastThreadLocal;
import io.soakrig.stubs.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/**
 * The floor under the perimeter stub in {@code bench/scripts/stubs-vs-nginx.sh}: the least a Netty
 * HTTP/1.1 proxy can do and still do what the perimeter does on the wire — the same transport,
 * allocator, thread count, codecs and aggregation, one request in flight per connection, upstream
 * connections kept per event loop, leak detector off as in a stub process — with no filters,
 * routing, retries, timeouts, breakers, overload accounting or metrics. Its ratio to nginx says how much of the perimeter's gap is Netty's and how
 * much the perimeter's own. Not a stub: it does nothing a test needs.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.soakrig.bench.BareNettyProxy PORT UPSTREAM_PORT</pre>
 */
public final class BareNettyProxy {
    private static final FastThreadLocal<ArrayDeque<Channel>> IDLE = new FastThreadLocal<>() {
        @Override
        protected ArrayDeque<Channel> initialValue() {
            return new ArrayDeque<>();
        }
    };

    private BareNettyProxy() {
    }

    public static void main(String[] args) throws InterruptedException {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        InetSocketAddress upstream = new InetSocketAddress(loopback, Integer.parseInt(args[1]));
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, Transport.current().ioHandlers());
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(2, Transport.current().ioHandlers());
        new ServerBootstrap().group(boss, loops).channel(Transport.current().serverChannel())
                .childOption(ChannelOption.ALLOCATOR, Transport.ALLOCATOR)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20), new Downstream(upstream));
                    }
                })
                .bind(new InetSocketAddress(loopback, Integer.parseInt(args[0]))).sync().channel().closeFuture().sync();
    }

    /** Forwards each request over an idle upstream connection of its loop, or a new one. */
    private static final class Downstream extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final InetSocketAddress upstream;

        Downstream(InetSocketAddress upstream) {
            super(false);
            this.upstream = upstream;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.channel().config().setAutoRead(false);
            ctx.read();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            ctx.read();
            Channel idle = IDLE.get().pollFirst();
            if (idle != null && idle.isActive()) {
                forward(ctx, idle, request);
                return;
            }
            new Bootstrap().group(ctx.channel().eventLoop()).channel(Transport.current().channel())
                    .option(ChannelOption.ALLOCATOR, Transport.ALLOCATOR)
                    .handler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 24), new Upstream());
                        }
                    })
                    .connect(upstream).addListener(connected -> {
                        if (connected.isSuccess()) {
                            forward(ctx, ((ChannelFuture) connected).channel(), request);
                        } else {
                            request.release();
                            ctx.close();
                        }
                    });
        }

        private static void forward(ChannelHandlerContext downstream, Channel up, FullHttpRequest request) {
            up.pipeline().get(Upstream.class).downstream = downstream;
            up.writeAndFlush(request, up.voidPromise());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Hands the response to the connection's requester and goes back to its loop's idle list. */
    private static final class Upstream extends SimpleChannelInboundHandler<FullHttpResponse> {
        private ChannelHandlerContext downstream;

        Upstream() {
            super(false);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            ChannelHandlerContext requester = downstream;
            downstream = null;
            IDLE.get().addFirst(ctx.channel());
            requester.writeAndFlush(response, requester.voidPromise());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (downstream != null) {
                downstream.close();
            }
            ctx.close();
        }
    }
}
