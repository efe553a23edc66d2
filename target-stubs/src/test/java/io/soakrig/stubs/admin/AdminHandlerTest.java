package io.soakrig.stubs.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.soakrig.stubs.StubMetrics;
import java.nio.charset.StandardCharsets;
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
    void shortTokensAreRejectedAtConstruction() {
        assertThatThrownBy(() -> new AdminHandler(metrics, "short"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private FullHttpResponse exchange(FullHttpRequest request) {
        EmbeddedChannel channel = new EmbeddedChannel(new AdminHandler(metrics, TOKEN));
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
