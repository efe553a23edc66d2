package io.soakrig.stubs.roles;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.soakrig.stubs.service.Behaviour;
import io.soakrig.stubs.service.Reply;
import io.soakrig.stubs.service.Request;

/**
 * Streaming: validates every request with auth before sending audio. A failed validation is a
 * 503 to the listener — the last link of the seed's cascade, where a leak in recommendation
 * became "streaming down".
 */
final class Stream implements Behaviour {
    private final UpstreamClient auth;
    private final int chunkBytes;
    private final Counter refused;

    Stream(UpstreamClient auth, int chunkBytes, PrometheusRegistry registry) {
        this.auth = auth;
        this.chunkBytes = chunkBytes;
        this.refused = Counter.builder().name("soakrig_stream_auth_failures")
                .help("Streams refused with 503 because auth could not validate them").register(registry);
    }

    @Override
    public Reply handle(Request request) throws InterruptedException {
        int status = auth.get("/validate/" + request.user());
        if (status != 200) {
            refused.inc();
            return Reply.unavailable("auth unavailable (" + status + ")");
        }
        return Reply.ok(chunkBytes);
    }
}
