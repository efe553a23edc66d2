package io.soakrig.simulations.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClientRetriesTest {
    private final AtomicLong now = new AtomicLong();

    private ClientRetries client(RetryPolicy policy) {
        return new ClientRetries(policy, now::get, new SplittableRandom(42));
    }

    /** Attempts one request against a server answering {@code status} every time; returns attempts sent. */
    private static int attempts(ClientRetries client, Attempt every) {
        if (!client.admit()) {
            return 0;
        }
        int attempt = 1;
        while (client.after(attempt, every).retry()) {
            attempt++;
        }
        return attempt;
    }

    @Test
    void noRetryPolicySendsOneAttempt() {
        assertThat(attempts(client(RetryPolicy.NONE), Attempt.failed(503))).isEqualTo(1);
    }

    @Test
    void immediateRetriesSendOnePlusNAttemptsAtOnce() {
        ClientRetries c = client(RetryPolicy.builder().immediate(3).build());

        assertThat(attempts(c, Attempt.failed(503))).isEqualTo(4);
        assertThat(c.after(1, Attempt.failed(0)).delay()).isZero();
        assertThat(attempts(c, Attempt.ok())).isEqualTo(1);
        assertThat(attempts(c, Attempt.failed(404))).as("a 4xx is the client's fault").isEqualTo(1);
    }

    @Test
    void constantBackOffWaitsTheSameIntervalBeforeEveryRetry() {
        ClientRetries c = client(RetryPolicy.builder().constant(50, Duration.ofMillis(100)).build());

        assertThat(attempts(c, Attempt.failed(0))).isEqualTo(51);
        assertThat(c.backoff(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(c.backoff(37)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void exponentialBackOffDoublesUpToItsCap() {
        ClientRetries c = client(RetryPolicy.builder().exponential(6, Duration.ofMillis(25), Duration.ofMillis(250)).build());

        assertThat(c.backoff(1)).isEqualTo(Duration.ofMillis(25));
        assertThat(c.backoff(2)).isEqualTo(Duration.ofMillis(50));
        assertThat(c.backoff(4)).isEqualTo(Duration.ofMillis(200));
        assertThat(c.backoff(5)).isEqualTo(Duration.ofMillis(250));
        assertThat(c.backoff(40)).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void fullJitterDrawsUniformlyBelowTheExponentialCeiling() {
        ClientRetries c = client(RetryPolicy.builder().fullJitter(5, Duration.ofMillis(25), Duration.ofMillis(250)).build());
        long sum = 0;
        long max = 0;
        int draws = 20_000;
        for (int i = 0; i < draws; i++) {
            long d = c.backoff(3).toNanos();
            assertThat(d).isBetween(0L, Duration.ofMillis(100).toNanos());
            sum += d;
            max = Math.max(max, d);
        }
        assertThat(sum / (double) draws / 1e6).as("uniform on [0, 100 ms] has mean 50 ms").isBetween(48.0, 52.0);
        assertThat(max / 1e6).isGreaterThan(99.0);
    }

    @Test
    void theTokenBucketStopsRetriesAtHalfAndRefillsOnSuccess() {
        ClientRetries c = client(RetryPolicy.builder().immediate(3).tokenBucket(10, 0.5).build());

        assertThat(attempts(c, Attempt.failed(503))).as("tokens 10 -> 6: three retries, then 6 > 5 still").isEqualTo(4);
        assertThat(c.tokens()).isEqualTo(6.0);
        assertThat(attempts(c, Attempt.failed(503))).as("6 -> 5: at half, no more retries").isEqualTo(1);
        assertThat(attempts(c, Attempt.failed(503))).isEqualTo(1);
        assertThat(c.tokens()).isEqualTo(4.0);
        for (int i = 0; i < 4; i++) {
            attempts(c, Attempt.ok());
        }
        assertThat(c.tokens()).isEqualTo(6.0);
        assertThat(attempts(c, Attempt.failed(503))).as("above half again, but the first failure takes it to 5: throttled")
                .isEqualTo(1);
    }

    @Test
    void theBudgetKeepsRetriesWithinItsShareOfRequests() {
        ClientRetries c = client(RetryPolicy.builder().immediate(3).budget(0.1).build());
        int attempts = 0;
        int requests = 10_000;
        for (int i = 0; i < requests; i++) {
            attempts += attempts(c, Attempt.failed(503));
        }
        assertThat((attempts - requests) / (double) requests).as("retries per request").isBetween(0.099, 0.101);
    }

    @Test
    void anOpenBreakerRefusesRequestsThenLetsOneTrialThrough() {
        ClientRetries c = client(RetryPolicy.builder().circuitBreaker(3, Duration.ofSeconds(10)).build());
        for (int i = 0; i < 3; i++) {
            assertThat(attempts(c, Attempt.failed(503))).isEqualTo(1);
        }

        assertThat(c.admit()).isFalse();
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(c.admit()).as("half-open: one trial").isTrue();
        assertThat(c.admit()).as("only one trial at a time").isFalse();
        c.after(1, Attempt.failed(503));
        assertThat(c.admit()).as("the failed trial reopens it").isFalse();
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(attempts(c, Attempt.ok())).isEqualTo(1);
        assertThat(c.admit()).as("a successful trial closes it").isTrue();
    }

    @Test
    void serverHintsAreHonouredWhenThePolicySaysSo() {
        RetryPolicy.Builder b = RetryPolicy.builder().exponential(3, Duration.ofMillis(25), Duration.ofMillis(250));
        Attempt overloaded = new Attempt(503, null, true);
        Attempt later = new Attempt(503, Duration.ofSeconds(2), false);

        assertThat(client(b.build()).after(1, overloaded).retry()).isTrue();
        assertThat(client(b.honourOverloaded(true).build()).after(1, overloaded).retry()).isFalse();
        assertThat(client(b.build()).after(1, later).delay()).isEqualTo(Duration.ofMillis(25));
        assertThat(client(b.honourRetryAfter(true).build()).after(1, later).delay()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void invalidPoliciesAreRefusedByTheBuilder() {
        assertThatThrownBy(() -> RetryPolicy.builder().immediate(-1).build()).hasMessageContaining("maxRetries");
        assertThatThrownBy(() -> RetryPolicy.builder().fullJitter(2, Duration.ofSeconds(1), Duration.ofMillis(10)).build())
                .hasMessageContaining("base <= max");
        assertThatThrownBy(() -> RetryPolicy.builder().tokenBucket(10, 0).build()).hasMessageContaining("tokenRatio");
        assertThatThrownBy(() -> RetryPolicy.builder().circuitBreaker(3, Duration.ZERO).build()).hasMessageContaining("breaker");
    }

    /** One limit for the budget, the profile's: a share of requests, so 2 (once accepted here, up to 10) is refused. */
    @Test
    void theRetryBudgetIsHeldToTheProfilesLimit() {
        assertThat(RetryPolicy.builder().immediate(3).budget(io.soakrig.profile.Limits.MAX_RETRY_BUDGET).build().budgetRatio()).isEqualTo(1.0);
        assertThatThrownBy(() -> RetryPolicy.builder().immediate(3).budget(2).build()).hasMessage("budgetRatio must be 0..1.0, was 2.0");
    }

    /** Every policy a profile can name becomes a client policy: the enum leaves no name unhandled. */
    @Test
    void everyProfilePolicyMapsToAClientPolicy() {
        for (io.soakrig.profile.ClientRetryPolicy p : io.soakrig.profile.ClientRetryPolicy.values()) {
            RetryPolicy policy = RetryFleet.policy(new io.soakrig.profile.RetrySpec(p, 3, null, null, null, null, null, null, null, null));
            assertThat(policy.maxRetries()).as(p.id()).isEqualTo(p == io.soakrig.profile.ClientRetryPolicy.NONE ? 0 : 3);
        }
    }
}
