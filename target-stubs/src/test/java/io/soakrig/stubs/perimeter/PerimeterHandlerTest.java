package io.soakrig.stubs.perimeter;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.soakrig.profile.FaultSpec;
import io.soakrig.profile.Overload;
import io.soakrig.profile.PerimeterSpec;
import io.soakrig.profile.RateLimit;
import io.soakrig.profile.RouteRetryPolicy;
import io.soakrig.stubs.perimeter.filters.AuthFilter;
import io.soakrig.stubs.perimeter.filters.FaultFilter;
import io.soakrig.stubs.perimeter.filters.PerimeterFilter;
import io.soakrig.stubs.perimeter.filters.RateLimitFilter;
import io.soakrig.stubs.perimeter.filters.UserTierFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PerimeterHandlerTest {
    private final List<String> crashes = new ArrayList<>();
    private final List<String> asked = new ArrayList<>();
    private final PerimeterStats stats = new PerimeterStats();

    private final AuthFilter auth = new AuthFilter(user -> {
        asked.add(user);
        return CompletableFuture.completedFuture(user.equals("intruder") ? 401 : 200);
    });
    private final UserTierFilter userTier = new UserTierFilter(crashes::add);
    private final RateLimitFilter rateLimit = new RateLimitFilter(new RateLimit(1.0, 2), () -> 0L, () -> { });
    private final FaultFilter fault = new FaultFilter(FaultSpec.NONE, new SplittableRandom(1));

    @Test
    void theLatentBugStaysAsleepInTheSafeOrder() {
        FullHttpResponse response = exchange(List.of(rateLimit, auth, userTier, fault), Overload.DEFAULT, "/stream/alice");

        assertThat(crashes).isEmpty();
        assertThat(asked).containsExactly("alice");
        assertThat(response.status().code()).as("no route configured in this test").isEqualTo(404);
        response.release();
    }

    @Test
    void theLatentBugCrashesTheProcessWhenUserTierRunsBeforeAuth() {
        FullHttpResponse response = exchange(List.of(rateLimit, userTier, auth, fault), Overload.DEFAULT, "/stream/alice");

        assertThat(crashes).singleElement().asString().contains("did it run before auth");
        assertThat(response.status().code()).isEqualTo(500);
    }

    @Test
    void aPushedReorderWakesTheBugOnTheNextRequestOfAnOpenConnection() {
        List<PerimeterFilter> all = List.of(rateLimit, auth, userTier, fault);
        FilterChain chain = chain(all);
        EmbeddedChannel channel = channel(chain, new OverloadManager(Overload.DEFAULT));
        send(channel, "/stream/alice").release();
        assertThat(crashes).isEmpty();

        chain.prepare(List.of("user-tier", "rate-limit", "auth", "fault")).apply();
        FullHttpResponse response = send(channel, "/stream/alice");

        assertThat(crashes).singleElement().asString().contains("did it run before auth");
        assertThat(chain.names()).containsExactly("user-tier", "rate-limit", "auth", "fault");
        response.release();
    }

    @Test
    void aReorderNamingAnUnknownOrRepeatedFilterIsRefusedAndTheOrderKept() {
        FilterChain chain = chain(List.of(rateLimit, auth, userTier, fault));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> chain.prepare(List.of("auth", "auth")))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> chain.prepare(List.of("waf")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(chain.names()).containsExactly("rate-limit", "auth", "user-tier", "fault");
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderAndNothingMoreIsReadWhileOneWaits() {
        CompletableFuture<Integer> slowAnswer = new CompletableFuture<>();
        AuthFilter slowAuth = new AuthFilter(user -> {
            asked.add(user);
            return user.equals("slow") ? slowAnswer : CompletableFuture.completedFuture(200);
        });
        int[] reads = new int[1];
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
            @Override
            public void read(ChannelHandlerContext ctx) {
                reads[0]++;
                ctx.read();
            }
        }, handler(chain(List.of(slowAuth)), new OverloadManager(Overload.DEFAULT)));
        int readsBefore = reads[0];

        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/stream/slow"),
                new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/stream/bob"));
        channel.runPendingTasks();

        assertThat(asked).as("the second waits for the first").containsExactly("slow");
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(reads[0] - readsBefore).as("one read ahead for the first, none while the second waits").isEqualTo(1);

        slowAnswer.complete(401);
        channel.runPendingTasks();
        FullHttpResponse first = channel.readOutbound();
        FullHttpResponse second = channel.readOutbound();

        assertThat(asked).containsExactly("slow", "bob");
        assertThat(first.status().code()).as("slow was denied").isEqualTo(403);
        assertThat(second.status().code()).as("bob passed auth, and there is no route").isEqualTo(404);
        assertThat(reads[0] - readsBefore).as("reading resumes with the second").isEqualTo(2);
        first.release();
        second.release();
    }

    @Test
    void authDeniesWhatAuthRefuses() {
        FullHttpResponse response = exchange(List.of(auth, userTier), Overload.DEFAULT, "/stream/intruder");

        assertThat(response.status().code()).isEqualTo(403);
        assertThat(crashes).isEmpty();
        response.release();
    }

    @Test
    void theRateLimitAnswers429OnceTheBucketIsEmpty() {
        EmbeddedChannel channel = channel(List.of(rateLimit), Overload.DEFAULT);
        int[] statuses = new int[3];
        for (int i = 0; i < 3; i++) {
            FullHttpResponse r = send(channel, "/x/u");
            statuses[i] = r.status().code();
            if (i == 2) {
                assertThat(r.headers().get("x-envoy-ratelimited")).isEqualTo("true");
            }
            r.release();
        }

        assertThat(statuses).containsExactly(404, 404, 429);
    }

    @Test
    void envoysFaultHeadersAbortARequest() {
        EmbeddedChannel channel = channel(List.of(fault), Overload.DEFAULT);
        DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/x/u");
        request.headers().set("x-envoy-fault-abort-request", "503");

        channel.writeInbound(request);
        channel.runPendingTasks();
        FullHttpResponse response = channel.readOutbound();

        assertThat(response.status().code()).isEqualTo(503);
        response.release();
    }

    @Test
    void aboveTheStopThresholdRequestsAreShedWith503AndAllocateNothing() {
        OverloadManager overload = new OverloadManager(new Overload(1L << 20, 0.92, 0.95, 64 << 10));
        overload.hold((long) (0.96 * (1 << 20)));

        FullHttpResponse response = send(channel(chain(List.of()), overload), "/x/u");

        assertThat(response.status().code()).isEqualTo(503);
        assertThat(response.headers().get("x-envoy-overloaded")).isEqualTo("true");
        assertThat(overload.heldBytes()).as("no connection state for a refused request").isEqualTo((long) (0.96 * (1 << 20)));
        response.release();
    }

    @Test
    void aboveTheKeepAliveThresholdResponsesCloseTheirConnection() {
        Overload tight = new Overload(1L << 20, 0.92, 0.95, (int) (0.93 * (1 << 20)));
        EmbeddedChannel channel = channel(List.of(), tight);

        FullHttpResponse response = send(channel, "/x/u");

        assertThat(response.status().code()).isEqualTo(404);
        assertThat(response.headers().get("connection")).isEqualTo("close");
        assertThat(channel.isOpen()).isFalse();
        response.release();
    }

    private FullHttpResponse exchange(List<PerimeterFilter> filters, Overload overload, String uri) {
        return send(channel(filters, overload), uri);
    }

    private EmbeddedChannel channel(List<PerimeterFilter> filters, Overload overload) {
        return channel(chain(filters), new OverloadManager(overload));
    }

    private static FilterChain chain(List<PerimeterFilter> filters) {
        return new FilterChain(filters.stream().map(PerimeterFilter::name).toList(),
                name -> filters.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow());
    }

    private EmbeddedChannel channel(FilterChain filters, OverloadManager overload) {
        return new EmbeddedChannel(handler(filters, overload));
    }

    private PerimeterHandler handler(FilterChain filters, OverloadManager overload) {
        Router noRoutes = new Router(List.of(), Map.of(), RouteRetryPolicy.DEFAULT,
                new RetryBackoff(java.time.Duration.ofMillis(25), java.time.Duration.ofMillis(250), new SplittableRandom(1)), stats);
        return new PerimeterHandler(filters, noRoutes, overload, stats, new io.soakrig.stubs.StubMetrics());
    }

    private static FullHttpResponse send(EmbeddedChannel channel, String uri) {
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri));
        channel.runPendingTasks();
        return channel.readOutbound();
    }
}
