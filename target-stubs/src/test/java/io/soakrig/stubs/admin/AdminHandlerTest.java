package io.soakrig.stubs.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.soakrig.stubs.StubMetrics;
import io.soakrig.stubs.perimeter.FilterChain;
import io.soakrig.stubs.perimeter.filters.Decision;
import io.soakrig.stubs.perimeter.filters.PerimeterFilter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdminHandlerTest {
    private static final String TOKEN = "0123456789abcdef0123";

    private final StubMetrics metrics = new StubMetrics();

    @Test
    void metricsWithoutTokenAreRefused() {
        FullHttpResponse response = exchange(get("/metrics", null));

        assertThat(response.status()).isEqualTo(HttpResponseStatus.UNAUTHORIZED);
        assertThat(response.headers().get(HttpHeaderNames.WWW_AUTHENTICATE)).isEqualTo("Bearer");
        response.release();
    }

    @Test
    void metricsWithWrongTokenAreRefused() {
        FullHttpResponse response = exchange(get("/metrics", "Bearer 0123456789abcdef0124"));

        assertThat(response.status()).isEqualTo(HttpResponseStatus.UNAUTHORIZED);
        response.release();
    }

    @Test
    void metricsWithTokenExposeMemoryAndRequestFigures() {
        metrics.answered("catalog", 200);
        metrics.answered("catalog", 200);

        FullHttpResponse response = exchange(get("/metrics", "Bearer " + TOKEN));
        String body = response.content().toString(StandardCharsets.UTF_8);

        assertThat(response.status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(response.headers().get(HttpHeaderNames.CONTENT_TYPE)).startsWith("text/plain");
        assertThat(body)
                .contains("soakrig_requests_served_total 2.0")
                .contains("soakrig_responses_total{endpoint=\"catalog\",status=\"200\"} 2.0")
                .contains("jvm_memory_used_bytes{area=\"heap\"}")
                .contains("soakrig_heap_after_gc_bytes")
                .contains("process_resident_memory_bytes")
                .contains("jvm_gc_collection_seconds_count");
        response.release();
    }

    @Test
    void otherPathsAreNotFound() {
        FullHttpResponse response = exchange(get("/faults", "Bearer " + TOKEN));

        assertThat(response.status()).isEqualTo(HttpResponseStatus.NOT_FOUND);
        response.release();
    }

    @Test
    void aPerimetersFilterOrderIsPushedWithTheTokenOnly() {
        FilterChain chain = new FilterChain(List.of("rate-limit", "auth", "user-tier", "fault"), Named::new);
        FullHttpRequest push = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.PUT, "/filters",
                Unpooled.copiedBuffer("user-tier, rate-limit, auth, fault", StandardCharsets.UTF_8));

        FullHttpResponse refused = exchange(push.copy(), chain);
        assertThat(refused.status()).isEqualTo(HttpResponseStatus.UNAUTHORIZED);
        assertThat(chain.names()).containsExactly("rate-limit", "auth", "user-tier", "fault");
        refused.release();

        push.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer " + TOKEN);
        FullHttpResponse pushed = exchange(push, chain);
        assertThat(pushed.status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(pushed.content().toString(StandardCharsets.UTF_8)).isEqualTo("user-tier,rate-limit,auth,fault\n");
        assertThat(chain.names()).containsExactly("user-tier", "rate-limit", "auth", "fault");
        pushed.release();
    }

    @Test
    void aPushIsAcknowledgedBeforeTheNewOrderSeesARequest() {
        FilterChain chain = new FilterChain(List.of("rate-limit", "auth", "user-tier", "fault"), Named::new);
        FullHttpRequest push = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.PUT, "/filters",
                Unpooled.copiedBuffer("user-tier, rate-limit, auth, fault", StandardCharsets.UTF_8));
        push.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer " + TOKEN);
        List<List<String>> inForceWhileWriting = new ArrayList<>();
        ChannelOutboundHandlerAdapter wire = new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                inForceWhileWriting.add(chain.names());
                ctx.write(msg, promise);
            }
        };
        EmbeddedChannel channel = new EmbeddedChannel(wire, new AdminHandler(metrics, TOKEN, chain));

        channel.writeInbound(push);

        assertThat(inForceWhileWriting).as("the order a latent bug would fire on is not in force until the ack is out")
                .containsExactly(List.of("rate-limit", "auth", "user-tier", "fault"));
        assertThat(chain.names()).containsExactly("user-tier", "rate-limit", "auth", "fault");
        channel.finishAndReleaseAll();
    }

    @Test
    void aBadFilterOrderIsABadRequest() {
        FilterChain chain = new FilterChain(List.of("rate-limit", "auth"), Named::new);
        FullHttpRequest push = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.PUT, "/filters",
                Unpooled.copiedBuffer("auth,waf", StandardCharsets.UTF_8));
        push.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer " + TOKEN);

        FullHttpResponse response = exchange(push, chain);

        assertThat(response.status()).isEqualTo(HttpResponseStatus.BAD_REQUEST);
        assertThat(chain.names()).containsExactly("rate-limit", "auth");
        response.release();
    }

    /** A filter that only has a name: the admin port orders filters, it does not run them. */
    private record Named(String name) implements PerimeterFilter {
        @Override
        public java.util.concurrent.CompletionStage<Decision> apply(io.soakrig.stubs.perimeter.Exchange exchange) {
            return java.util.concurrent.CompletableFuture.completedFuture(Decision.CONTINUE);
        }
    }

    @Test
    void shortTokensAreRejectedAtConstruction() {
        assertThatThrownBy(() -> new AdminHandler(metrics, "short"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private FullHttpResponse exchange(FullHttpRequest request) {
        return exchange(request, null);
    }

    private FullHttpResponse exchange(FullHttpRequest request, FilterChain filters) {
        EmbeddedChannel channel = new EmbeddedChannel(new AdminHandler(metrics, TOKEN, filters));
        channel.writeInbound(request);
        FullHttpResponse response = channel.readOutbound();
        channel.finishAndReleaseAll();
        return response;
    }

    private static FullHttpRequest get(String uri, String authorization) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
        if (authorization != null) {
            request.headers().set(HttpHeaderNames.AUTHORIZATION, authorization);
        }
        return request;
    }
}
