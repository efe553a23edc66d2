package io.soakrig.harness.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import io.soakrig.analysis.verdict.Summary;
import io.soakrig.analysis.verdict.SummaryJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Retries multiply load as theory says, measured on real stubs: attempts per logical request
 * against a backend failing independently with probability p, and the product of retries at
 * client and perimeter when everything fails.
 */
@Tag("integration")
class RetryAmplificationIT {
    @TempDir
    Path tmp;

    /**
     * 3000 logical requests, played at 300/s for 10 s (the same count as 150/s for 20 s, in half the
     * wall time). The count is what the 3 % tolerance needs: attempts per request take 1, 2 or 3 with
     * probabilities 1-p, p(1-p), p^2; at p = 0.5 their mean is 1.75 and their standard deviation
     * 0.83, so the mean of 3000 has a standard error of 0.015 (0.86 %) and 3 % is 3.5 of them; at
     * p = 0.1 it is 5.3 (mean 1.11, deviation 0.34); at p = 1 every request takes exactly 3.
     */
    @ParameterizedTest
    @ValueSource(doubles = {0.1, 0.5, 1.0})
    void attemptsPerRequestFollowTheGeometricSeries(double p) throws Exception {
        int retries = 2;
        Path profile = Files.writeString(tmp.resolve("flaky.yaml"), """
                name: flaky
                targets:
                  backend: { stub: { role: backend, faults: { errorRate: %s } } }
                traffic:
                  target: backend
                  endpoints: [ { name: items, path: "/items/{user}" } ]
                  arrivals: [ { constant: { rate: 300, duration: 10s } } ]
                  retry: { policy: immediate, maxRetries: %d }
                """.formatted(p, retries));

        Summary.Amplification a = run(profile).amplification();

        double attempts = p == 1.0 ? retries + 1 : (1 - Math.pow(p, retries + 1)) / (1 - p);
        assertThat(a.logicalRequests()).isGreaterThan(2900);
        assertThat(a.perLayer().get("client")).as("client attempts per request at p=%s", p).isCloseTo(attempts, withPercentage(3));
        assertThat(a.perLayer().get("backend")).as("the backend's own count agrees").isCloseTo(attempts, withPercentage(3));
    }

    /**
     * 1000 logical requests at 100/s for 10 s (the same count as 50/s for 20 s): every attempt
     * fails, so the ratios are exact but for the requests still in flight when the plan ends. Those
     * are the rate times a request's time, so their share is that time over the plan's 10 s: under
     * 0.1 % at the few milliseconds six failing attempts take here, against the 1 % tolerance.
     */
    @Test
    void retriesAtClientAndPerimeterMultiply() throws Exception {
        Path profile = Files.writeString(tmp.resolve("layers.yaml"), """
                name: layers
                targets:
                  backend: { stub: { role: backend, faults: { errorRate: 1.0 } } }
                  edge:
                    stub:
                      role: perimeter
                      upstreams: [backend]
                      perimeter:
                        routes: [ { prefix: /items, cluster: backend } ]
                        filters: [rate-limit, fault]
                        retry: { retryOn: [5xx], numRetries: 2, baseInterval: 1ms }
                        circuitBreakers: { maxRetries: 1000 }
                traffic:
                  target: edge
                  endpoints: [ { name: items, path: "/items/{user}" } ]
                  arrivals: [ { constant: { rate: 100, duration: 10s } } ]
                  retry: { policy: immediate, maxRetries: 1 }
                """);

        Summary summary = run(profile);

        Summary.Amplification a = summary.amplification();
        assertThat(a.perLayer().get("client")).isCloseTo(2.0, withPercentage(1));
        assertThat(a.perLayer().get("edge")).isCloseTo(2.0, withPercentage(1));
        assertThat(a.perLayer().get("backend")).as("(1 + 1) x (1 + 2)").isCloseTo(6.0, withPercentage(3));
        assertThat(a.goodputPerSecond()).isZero();
    }

    private Summary run(Path profile) throws Exception {
        Path run = tmp.resolve("run-" + System.nanoTime());
        HarnessProcess soakrig = HarnessProcess.start(tmp, "run", profile.toString(), "--out", run.toString());
        assertThat(soakrig.awaitExit(Duration.ofMinutes(3))).as(soakrig.output()).isIn(0, 1);
        return SummaryJson.read(run);
    }
}
