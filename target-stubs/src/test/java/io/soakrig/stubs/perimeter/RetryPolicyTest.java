package io.soakrig.stubs.perimeter;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.profile.CircuitBreakers;
import io.soakrig.profile.FaultSpec;
import io.soakrig.profile.PerimeterSpec;
import io.soakrig.profile.RetryBudget;
import io.soakrig.profile.Route;
import io.soakrig.profile.RouteRetryPolicy;
import io.soakrig.profile.StubLaunch;
import io.soakrig.profile.StubRole;
import io.soakrig.profile.StubSpec;
import io.soakrig.stubs.HttpPipeline;
import io.soakrig.stubs.StubMetrics;
import io.soakrig.stubs.StubServer;
import io.soakrig.stubs.faults.Faults;
import io.soakrig.stubs.service.Reply;
import io.soakrig.stubs.service.ServiceHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The perimeter's retries against an upstream that fails every request, on real loopback sockets:
 * tries per request are exactly 1 + num_retries without a budget, and a retry budget or the
 * max_retries breaker caps them.
 */
class RetryPolicyTest {
    private final StubMetrics upstreamMetrics = new StubMetrics();
    private final StubMetrics perimeterMetrics = new StubMetrics();
    private final HttpClient client = HttpClient.newHttpClient();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void withoutABudgetEveryRequestIsTriedOnePlusNumRetriesTimes() throws Exception {
        URI perimeter = perimeter(failingUpstream(Duration.ZERO), retries(3), CircuitBreakers.DEFAULT);

        for (int i = 0; i < 20; i++) {
            assertThat(get(perimeter).statusCode()).isEqualTo(503);
        }

        assertThat(upstreamMetrics.requestsServed()).isEqualTo(20 * (1 + 3));
        assertThat(stat("envoy_cluster_upstream_rq_retry_total")).isEqualTo(60);
    }

    @Test
    void aZeroBudgetAllowsNoRetryAndCountsEachAsAnOverflow() throws Exception {
        CircuitBreakers zeroBudget = new CircuitBreakers(null, null, null, null, new RetryBudget(0.0, 0));
        URI perimeter = perimeter(failingUpstream(Duration.ZERO), retries(3), zeroBudget);

        for (int i = 0; i < 20; i++) {
            get(perimeter);
        }

        assertThat(upstreamMetrics.requestsServed()).isEqualTo(20);
        assertThat(stat("envoy_cluster_upstream_rq_retry_overflow_total")).isEqualTo(20);
    }

    @Test
    void underConcurrencyTheBudgetCapsRetriesBelowTheirUnbudgetedCount() throws Exception {
        CircuitBreakers budget = new CircuitBreakers(null, null, null, 1000, new RetryBudget(20.0, 1));
        URI perimeter = perimeter(failingUpstream(Duration.ofMillis(40)), retries(3), budget);
        int concurrent = 40;

        List<CompletableFuture<HttpResponse<Void>>> inFlight = new ArrayList<>();
        for (int i = 0; i < concurrent; i++) {
            inFlight.add(client.sendAsync(HttpRequest.newBuilder(perimeter).build(), HttpResponse.BodyHandlers.discarding()));
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get();

        assertThat(upstreamMetrics.requestsServed()).isGreaterThanOrEqualTo(concurrent).isLessThan(concurrent * (1 + 3));
        assertThat(stat("envoy_cluster_upstream_rq_retry_overflow_total")).isPositive();
    }

    @Test
    void theMaxRetriesBreakerCapsRetriesWithoutABudget() throws Exception {
        CircuitBreakers noRetries = new CircuitBreakers(null, null, null, 0, null);
        URI perimeter = perimeter(failingUpstream(Duration.ZERO), retries(2), noRetries);

        for (int i = 0; i < 10; i++) {
            get(perimeter);
        }

        assertThat(upstreamMetrics.requestsServed()).isEqualTo(10);
        assertThat(stat("envoy_cluster_upstream_rq_retry_overflow_total")).isEqualTo(10);
    }

    private static RouteRetryPolicy retries(int n) {
        return new RouteRetryPolicy(List.of(io.soakrig.profile.RetryCondition.FIVE_XX), n, null, Duration.ofSeconds(10), Duration.ofMillis(1), Duration.ofMillis(2), null);
    }

    private URI failingUpstream(Duration latency) throws Exception {
        Faults faults = new Faults(new FaultSpec(latency.isZero() ? null : latency, null, 1.0, 503, null, null, null, null, null),
                System::nanoTime, new SplittableRandom(1));
        var workers = Executors.newFixedThreadPool(64);
        open.add(workers::shutdownNow);
        StubServer server = StubServer.start(0, 1, new HttpPipeline(new ServiceHandler(r -> Reply.ok(10), faults, workers, upstreamMetrics)));
        open.add(server);
        return URI.create("http://127.0.0.1:" + server.port());
    }

    private URI perimeter(URI upstream, RouteRetryPolicy retry, CircuitBreakers breakers) throws Exception {
        PerimeterSpec spec = new PerimeterSpec(List.of(new Route("/", "backend")), List.of(), null, retry, breakers, null);
        StubSpec stub = new StubSpec(StubRole.PERIMETER, null, null, null, null, null, null, List.of("backend"), null, null, null, null, null, spec, null);
        StubLaunch launch = new StubLaunch("edge", 0, stub, Map.of(), Map.of("backend", List.of(upstream.toString())), 0, 0);
        Perimeter perimeter = new Perimeter(launch, perimeterMetrics, new SplittableRandom(3), why -> { });
        open.add(perimeter);
        StubServer server = StubServer.start(0, perimeter.eventLoops(), perimeter.initializer());
        open.add(server);
        return URI.create("http://127.0.0.1:" + server.port() + "/items/u1");
    }

    private HttpResponse<Void> get(URI uri) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding());
    }

    private double stat(String name) {
        var samples = io.soakrig.stubs.perimeter.PrometheusSamples.of(perimeterMetrics);
        return samples.getOrDefault(name, 0.0);
    }
}
