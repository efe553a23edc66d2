package io.soakrig.harness.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.contract.events.EventDetail;
import io.soakrig.contract.events.RunEvent;
import io.soakrig.harness.supervision.MemoryLimits;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The perimeter in its own process: routes through ext_authz in the safe order, crashes for real in the bad one. */
@Tag("integration")
class PerimeterIT {
    private static final String TOPOLOGY = """
            name: edge
            timeCompression: 100
            targets:
              db:
                stub: { role: metadata-db, heapMb: 64 }
              auth:
                stub: { role: auth, heapMb: 64, upstreams: [db] }
              backend:
                stub: { role: backend, heapMb: 64 }
              edge:
                stub:
                  role: perimeter
                  heapMb: 128
                  upstreams: [auth, backend]
                  perimeter:
                    routes: [ { prefix: /items, cluster: backend } ]
                    filters: %s
            traffic:
              target: edge
              endpoints: [ { name: items, path: /items/u1 } ]
              arrivals: [ { constant: { rate: 1, duration: 1s } } ]
            """;

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void inTheSafeOrderRequestsAreAuthorizedAndRouted() throws Exception {
        try (StubCluster cluster = StubCluster.start(tmp, TOPOLOGY.formatted("[rate-limit, auth, user-tier, fault]"), MemoryLimits.detect())) {
            HttpResponse<String> routed = get(cluster.url("edge") + "/items/alice", Map.of());
            HttpResponse<String> unrouted = get(cluster.url("edge") + "/nowhere/alice", Map.of());
            HttpResponse<String> aborted = get(cluster.url("edge") + "/items/alice", Map.of("x-envoy-fault-abort-request", "503"));

            assertThat(routed.statusCode()).isEqualTo(200);
            assertThat(unrouted.statusCode()).isEqualTo(404);
            assertThat(aborted.statusCode()).isEqualTo(503);
            assertThat(cluster.metric("auth", "soakrig_responses_total", Map.of("status", "200"))).isEqualTo(3);
            assertThat(cluster.metric("backend", "soakrig_requests_served_total", Map.of())).isEqualTo(1);
            assertThat(cluster.metric("edge", "envoy_http_downstream_rq_total", Map.of())).isEqualTo(3);
            assertThat(cluster.metric("edge", "envoy_cluster_upstream_rq_total", Map.of("envoy_cluster_name", "backend"))).isEqualTo(1);
        }
    }

    @Test
    void userTierBeforeAuthCrashesTheProcessAndTheSupervisorRestartsIt() throws Exception {
        try (StubCluster cluster = StubCluster.start(tmp, TOPOLOGY.formatted("[rate-limit, user-tier, auth, fault]"), MemoryLimits.detect())) {
            try {
                get(cluster.url("edge") + "/items/alice", Map.of());
            } catch (IOException connectionDropped) {
                // the process died with the request in flight: no answer is the expected outcome
            }

            HarnessProcess.await(Duration.ofSeconds(30), "the crash and a restart",
                    () -> events(cluster, RunEvent.Type.EXITED) >= 1 && events(cluster, RunEvent.Type.STARTED) >= 5);
            RunEvent crash = cluster.events().stream().filter(e -> e.type() == RunEvent.Type.EXITED).findFirst().orElseThrow();
            assertThat(crash.target()).isEqualTo("edge");
            assertThat(((EventDetail.Exited) crash.detail()).exitCode()).isEqualTo(134);
        }
    }

    private HttpResponse<String> get(String url, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long events(StubCluster cluster, RunEvent.Type type) {
        try {
            return cluster.events().stream().filter(e -> e.type() == type).count();
        } catch (IOException e) {
            return 0;
        }
    }
}
