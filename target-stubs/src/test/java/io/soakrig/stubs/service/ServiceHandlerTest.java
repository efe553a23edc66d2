package io.soakrig.stubs.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.soakrig.profile.StubSpec;
import io.soakrig.profile.FaultSpec;
import io.soakrig.stubs.StubMetrics;
import io.soakrig.stubs.faults.Faults;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class ServiceHandlerTest {
    private final StubMetrics metrics = new StubMetrics();
    private final Behaviour echoSize = request -> Reply.ok(request.intParam("size", 10));

    @Test
    void theBehaviourAnswersWithTheBodySizeItChose() {
        FullHttpResponse response = exchange(handler(FaultSpec.NONE, Runnable::run), get("/items/1?size=300", null));

        assertThat(response.status().code()).isEqualTo(200);
        assertThat(response.content().readableBytes()).isEqualTo(300);
        assertThat(metrics.requestsServed()).isEqualTo(1);
        response.release();
    }

    @Test
    void configuredErrorsReplaceTheBehavioursAnswer() {
        FaultSpec alwaysFail = new FaultSpec(null, null, 1.0, 502, null, null, null, null, null);

        FullHttpResponse response = exchange(handler(alwaysFail, Runnable::run), get("/items/1", null));

        assertThat(response.status().code()).isEqualTo(502);
        assertThat(response.content().toString(StandardCharsets.UTF_8)).isEqualTo("injected fault");
        response.release();
    }

    @Test
    void theFaultHeaderOverridesTheConfiguredFaultsForOneRequest() {
        FaultSpec alwaysFail = new FaultSpec(null, null, 1.0, null, null, null, null, null, null);
        ServiceHandler handler = handler(alwaysFail, Runnable::run);

        FullHttpResponse healthy = exchange(handler, get("/items/1", ""));
        FullHttpResponse failing = exchange(handler(FaultSpec.NONE, Runnable::run), get("/items/1", "errorRate=1, errorStatus=504"));

        assertThat(healthy.status().code()).isEqualTo(200);
        assertThat(failing.status().code()).isEqualTo(504);
        healthy.release();
        failing.release();
    }

    @Test
    void aMalformedFaultHeaderIsABadRequestNamingTheKey() {
        FullHttpResponse response = exchange(handler(FaultSpec.NONE, Runnable::run), get("/items/1", "errorRat=1"));

        assertThat(response.status().code()).isEqualTo(400);
        assertThat(response.content().toString(StandardCharsets.UTF_8)).contains("errorRat=1");
        response.release();
    }

    @Test
    void aFaultHeaderOutsideItsRangeIsABadRequestNamingTheKey() {
        FullHttpResponse response = exchange(handler(FaultSpec.NONE, Runnable::run), get("/items/1", "leakBytes=2000000000"));

        assertThat(response.status().code()).isEqualTo(400);
        assertThat(response.content().toString(StandardCharsets.UTF_8)).contains("leakBytes: must be between 0 and 10485760");
        response.release();
    }

    @Test
    void aResetClosesTheConnectionWithoutAnAnswer() {
        EmbeddedChannel channel = new EmbeddedChannel(handler(FaultSpec.NONE, Runnable::run));

        channel.writeInbound(get("/items/1", "resetRate=1"));

        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(channel.isOpen()).isFalse();
        channel.finishAndReleaseAll();
    }

    @Test
    void aHangLeavesTheConnectionOpenAndUnanswered() {
        EmbeddedChannel channel = new EmbeddedChannel(handler(FaultSpec.NONE, Runnable::run));

        channel.writeInbound(get("/items/1", "hangRate=1"));
        channel.runPendingTasks();

        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(channel.isOpen()).as("the client is left waiting").isTrue();
        assertThat(metrics.requestsServed()).as("the request arrived and is counted").isEqualTo(1);

        channel.writeInbound(get("/items/2", ""));
        FullHttpResponse next = channel.readOutbound();
        assertThat(next.status().code()).as("the stub itself is not wedged").isEqualTo(200);
        next.release();
        channel.finishAndReleaseAll();
    }

    @Test
    void busyWorkersRefuseAtOnceWith503() {
        Executor saturated = task -> {
            throw new RejectedExecutionException("full");
        };

        FullHttpResponse response = exchange(handler(FaultSpec.NONE, saturated), get("/items/1", null));

        assertThat(response.status().code()).isEqualTo(503);
        assertThat(response.content().toString(StandardCharsets.UTF_8)).isEqualTo("all workers busy");
        response.release();
    }

    private ServiceHandler handler(FaultSpec faults, Executor workers) {
        return new ServiceHandler(echoSize, new Faults(faults, System::nanoTime, new SplittableRandom(7)), workers, metrics);
    }

    private static FullHttpResponse exchange(ServiceHandler handler, FullHttpRequest request) {
        EmbeddedChannel channel = new EmbeddedChannel(handler);
        channel.writeInbound(request);
        FullHttpResponse response = channel.readOutbound();
        channel.finishAndReleaseAll();
        return response;
    }

    private static FullHttpRequest get(String uri, String faultHeader) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
        if (faultHeader != null) {
            request.headers().set(StubSpec.FAULT_HEADER, faultHeader);
        }
        return request;
    }
}
