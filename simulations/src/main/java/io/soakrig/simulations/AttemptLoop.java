package io.soakrig.simulations;

import static io.gatling.javaapi.core.CoreDsl.ByteArrayBody;
import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import io.soakrig.contract.latency.LatencyTag.Kind;
import io.soakrig.profile.EndpointSpec;
import io.soakrig.simulations.retry.Attempt;
import io.soakrig.simulations.retry.ClientRetries;
import io.soakrig.simulations.retry.RetryFleet;
import java.time.Duration;

/**
 * One logical request as a client with a retry policy sends it: attempts in a loop, each timed
 * and recorded, with the policy's back-off between them, until it succeeds or the policy stops.
 * {@link #start} counts it as started; its latency — attempts and back-off included — is recorded
 * by {@link #recordLogical}, from the arrival's scheduled start.
 *
 * <p>Each attempt fails as a timeout (no status, so retryable) after the profile's request
 * timeout; a target that never answers still ends every request in the recording, as a failure
 * with its full latency. A retried logical request may so last its attempts' timeouts plus back-off.
 */
final class AttemptLoop {
    static final String ENDPOINT = "soakrigEndpoint";
    static final String USER = "soakrigUser";
    static final String CLIENT = "soakrigClient";
    private static final String STARTED_NANOS = "soakrigStartedNanos";
    private static final String ATTEMPT = "soakrigAttempt";
    private static final String ATTEMPT_STARTED = "soakrigAttemptStarted";
    private static final String AGAIN = "soakrigAgain";
    private static final String DELAY_NANOS = "soakrigDelayNanos";
    private static final String STATUS = "soakrigStatus";
    private static final String RETRY_AFTER = "soakrigRetryAfter";
    private static final String OVERLOADED = "soakrigOverloaded";
    private static final String SUCCEEDED = "soakrigSucceeded";

    /** Where requests are counted and latencies go, by endpoint and {@link Kind} (the latency log's tags). */
    interface Recorder {
        /** Records nothing: the generator benchmark's setting. */
        Recorder NONE = new Recorder() {
            @Override
            public void started(String endpoint) {
            }

            @Override
            public void record(String endpoint, Kind kind, long nanos) {
            }
        };

        /** A logical request to {@code endpoint} started. */
        void started(String endpoint);

        /** A latency in nanoseconds of {@code endpoint}'s requests of {@code kind}. */
        void record(String endpoint, Kind kind, long nanos);
    }

    private final RetryFleet fleet;
    private final Recorder recorder;
    private final Duration requestTimeout;

    /** @param requestTimeout how long each attempt waits for its answer */
    AttemptLoop(RetryFleet fleet, Recorder recorder, Duration requestTimeout) {
        this.fleet = fleet;
        this.recorder = recorder;
        this.requestTimeout = requestTimeout;
    }

    /** The chain that sends {@code e} until its client's policy says stop. */
    ChainBuilder chain(EndpointSpec e) {
        String path = e.path().replace("{user}", "#{" + USER + "}");
        return exec(session -> session.set(ATTEMPT, 0).set(SUCCEEDED, false)
                        .set(AGAIN, client(session).admit()))
                .asLongAs(session -> session.getBoolean(AGAIN)).on(
                        exec(session -> session.set(ATTEMPT, session.getInt(ATTEMPT) + 1).set(ATTEMPT_STARTED, System.nanoTime())
                                .remove(STATUS).remove(RETRY_AFTER).remove(OVERLOADED))
                        .exec(request(e, path).check(
                                status().saveAs(STATUS),
                                header("Retry-After").optional().saveAs(RETRY_AFTER),
                                header("x-envoy-overloaded").optional().saveAs(OVERLOADED)))
                        .exec(session -> afterAttempt(session, e.name()))
                        .exec(doIf(session -> session.getBoolean(AGAIN))
                                .then(pause(session -> Duration.ofNanos(session.getLong(DELAY_NANOS))))));
    }

    /** The endpoint's request, with a body of its declared size when it has one. */
    private HttpRequestActionBuilder request(EndpointSpec e, String path) {
        HttpRequestActionBuilder request = http(e.name()).httpRequest(e.method().id(), path).requestTimeout(requestTimeout);
        return e.bodyBytes() == 0 ? request : request.body(ByteArrayBody(new byte[e.bodyBytes()]));
    }

    private Session afterAttempt(Session session, String endpoint) {
        recorder.record(endpoint, Kind.ATTEMPT, System.nanoTime() - session.getLong(ATTEMPT_STARTED));
        int status = session.contains(STATUS) ? session.getInt(STATUS) : 0;
        Attempt outcome = new Attempt(status, retryAfter(session), session.contains(OVERLOADED));
        ClientRetries.Decision d = client(session).after(session.getInt(ATTEMPT), outcome);
        return session.markAsSucceeded().set(SUCCEEDED, outcome.succeeded()).set(AGAIN, d.retry()).set(DELAY_NANOS, d.delay().toNanos());
    }

    /** Counts a logical request to {@code endpoint} as started, now: its latency is measured from here. */
    Session start(Session session, String endpoint) {
        recorder.started(endpoint);
        return session.set(STARTED_NANOS, System.nanoTime());
    }

    /** Records the logical request's outcome and latency, from its scheduled start. */
    Session recordLogical(Session session, String endpoint) {
        long elapsed = System.nanoTime() - session.getLong(STARTED_NANOS);
        recorder.record(endpoint, session.getBoolean(SUCCEEDED) ? Kind.OK : Kind.FAILED, elapsed);
        return session.markAsSucceeded();
    }

    private ClientRetries client(Session session) {
        return fleet.client(session.getInt(CLIENT));
    }

    /** Retry-After in seconds (the HTTP-date form is not used by the services soakrig imitates). */
    private static Duration retryAfter(Session session) {
        if (!session.contains(RETRY_AFTER)) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(session.getString(RETRY_AFTER).trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
