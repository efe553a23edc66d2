package io.soakrig.stubs.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.soakrig.stubs.StubMetrics;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BackendHandlerTest {
    private final StubMetrics metrics = new StubMetrics();
    private final EmbeddedChannel channel = new EmbeddedChannel(new BackendHandler(metrics));

    @Test
    void answersThePathItServedAndCountsIt() {
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/catalog/items?page=2"));
        FullHttpResponse response = channel.readOutbound();

        assertThat(response.status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(response.content().toString(StandardCharsets.UTF_8))
                .isEqualTo("{\"stub\":\"backend\",\"method\":\"GET\",\"path\":\"/catalog/items\"}");
        assertThat(response.headers().getInt(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo(response.content().readableBytes());
        assertThat(metrics.requestsServed()).isEqualTo(1);
        assertThat(channel.isOpen()).isTrue();
        response.release();
    }

    @Test
    void closesTheConnectionWhenTheClientAsks() {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/x");
        request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);

        channel.writeInbound(request);
        FullHttpResponse response = channel.readOutbound();

        assertThat(response.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("close");
        assertThat(channel.isOpen()).isFalse();
        response.release();
    }

    @Test
    void escapesPathsIntoValidJson() {
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/a%22b"));
        FullHttpResponse response = channel.readOutbound();

        assertThat(response.content().toString(StandardCharsets.UTF_8)).contains("\"path\":\"/a\\\"b\"");
        response.release();
    }
}
