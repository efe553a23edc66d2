package io.soakrig.stubs.perimeter;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.soakrig.profile.PerimeterSpec;
import io.soakrig.profile.StubLaunch;
import io.soakrig.profile.StubRole;
import io.soakrig.profile.StubSpec;
import io.soakrig.stubs.StubMetrics;
import io.soakrig.stubs.Transport;
import io.soakrig.stubs.perimeter.filters.AuthFilter;
import io.soakrig.stubs.perimeter.filters.FaultFilter;
import io.soakrig.stubs.perimeter.filters.PerimeterFilter;
import io.soakrig.stubs.perimeter.filters.RateLimitFilter;
import io.soakrig.stubs.perimeter.filters.UserTierFilter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.random.RandomGenerator;

/**
 * The perimeter stub, wired from its launch: upstream clusters with their breakers, the filter
 * chain in the configured order, the router, the overload manager and the Envoy-named stats.
 * {@link #initializer()} is the pipeline of its service port, to be served on {@link #eventLoops()}:
 * downstream and upstream connections share the same two event loops.
 */
public final class Perimeter implements AutoCloseable {
    static final int MAX_REQUEST_BYTES = 1 << 20;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration AUTH_TIMEOUT = Duration.ofSeconds(2);

    private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(2, Transport.current().ioHandlers());
    private final Map<String, UpstreamCluster> clusters = new LinkedHashMap<>();
    private final FilterChain filters;
    private final Router router;
    private final OverloadManager overload;
    private final PerimeterStats stats = new PerimeterStats();
    private final StubMetrics metrics;

    /**
     * @param crash what the latent bug does (ends the process outside tests)
     */
    public Perimeter(StubLaunch launch, StubMetrics metrics, RandomGenerator random, UserTierFilter.Crash crash) {
        this.metrics = metrics;
        StubSpec spec = launch.spec();
        PerimeterSpec p = spec.perimeter();
        overload = new OverloadManager(p.overload());
        stats.register(metrics.registry(), overload);
        Map<String, Router.Target> targets = new LinkedHashMap<>();
        launch.clusters().forEach((name, urls) -> {
            UpstreamCluster cluster = new UpstreamCluster(name, urls, loops, p.circuitBreakers().maxConnections(),
                    p.circuitBreakers().maxPendingRequests(), CONNECT_TIMEOUT);
            clusters.put(name, cluster);
            targets.put(name, new Router.Target(cluster, new ClusterBreakers(p.circuitBreakers()), stats.upstreamRq.labelValues(name)));
        });
        router = new Router(p.routes(), targets, p.retry(), new RetryBackoff(p.retry().baseInterval(), p.retry().maxInterval(), random), stats);
        filters = new FilterChain(io.soakrig.profile.HttpFilter.ids(p.filters()), name -> filter(name, launch, spec, random, crash));
    }

    private PerimeterFilter filter(String name, StubLaunch launch, StubSpec spec, RandomGenerator random, UserTierFilter.Crash crash) {
        return switch (name) {
            case "rate-limit" -> new RateLimitFilter(spec.perimeter().rateLimit(), System::nanoTime, stats.rateLimited::inc);
            case "auth" -> new AuthFilter(authOf(launch));
            case "fault" -> new FaultFilter(spec.faults(), random);
            case "user-tier" -> new UserTierFilter(crash);
            default -> throw new IllegalArgumentException("unknown filter '" + name + "'; known: " + PerimeterSpec.KNOWN_FILTERS);
        };
    }

    /** Asks the auth cluster to validate a user: the status it answered, 0 when it did not. */
    private java.util.function.Function<String, CompletionStage<Integer>> authOf(StubLaunch launch) {
        List<String> authUrls = launch.upstreams().getOrDefault(StubRole.AUTH, List.of());
        if (authUrls.isEmpty()) {
            throw new IllegalArgumentException("the auth filter needs an auth upstream");
        }
        UpstreamCluster auth = new UpstreamCluster("ext_authz", authUrls, loops, 1024, 1024, CONNECT_TIMEOUT);
        clusters.put("ext_authz", auth);
        return user -> {
            CompletableFuture<Integer> status = new CompletableFuture<>();
            EventLoop loop = (EventLoop) loops.next();
            loop.execute(() -> {
                FullHttpRequest check = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/validate/" + user);
                auth.send(check, AUTH_TIMEOUT, loop, t -> {
                    check.release();
                    if (t.response() != null) {
                        status.complete(t.response().status().code());
                        t.response().release();
                    } else {
                        status.complete(0);
                    }
                });
            });
            return status;
        };
    }

    /** The filter chain, whose order the admin port can replace. */
    public FilterChain filters() {
        return filters;
    }

    /** The event loops of both the service port and the upstream connections. */
    public EventLoopGroup eventLoops() {
        return loops;
    }

    public ChannelInitializer<SocketChannel> initializer() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_REQUEST_BYTES),
                        new PerimeterHandler(filters, router, overload, stats, metrics));
            }
        };
    }

    @Override
    public void close() {
        clusters.values().forEach(UpstreamCluster::close);
        loops.shutdownGracefully();
    }
}
