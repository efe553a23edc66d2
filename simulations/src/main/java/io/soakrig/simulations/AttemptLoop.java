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
import io.gatling.javaapi.core.CheckBuilder;
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
 * by {@link #recordLogical}, from the arrival's scheduled start. An attempt is any chain
 * ({@link #attempts}): the profile's endpoint request, or a user simulation's own requests.
 *
 * <p>An attempt's outcome is its status when the attempt saved one ({@link #ATTEMPT_CHECKS}); a
 * chain that saved none succeeded unless Gatling marked the session failed (a failed check, no
 * response), which counts as a failure without a response: retryable, like a reset.
 *
 * <p>Each attempt fails as a timeout (no status, so retryable) after the profile's request
 * timeout; a target that never answers still ends every request in the recording, as a failure
 * with its full latency. A retried logical request may so last its attempts' timeouts plus back-off.
 */
final class AttemptLoop {
    static final String ENDPOINT = "soakrigEndpoint";
    static final String USER = "soakrigUser";
    static final String CLIENT = "soakrigClient";
    /** The canary arm whose tags a virtual user records under; absent outside a canary run. */
    static final String ARM = "soakrigArm";
    private static final String STARTED_NANOS = "soakrigStartedNanos";
    private static final String ATTEMPT = "soakrigAttempt";
    private static final String ATTEMPT_STARTED = "soakrigAttemptStarted";
    private static final String AGAIN = "soakrigAgain";
    private static final String DELAY_NANOS = "soakrigDelayNanos";
    private static final String STATUS = "soakrigStatus";
    private static final String RETRY_AFTER = "soakrigRetryAfter";
    private static final String OVERLOADED = "soakrigOverloaded";
    private static final String SUCCEEDED = "soakrigSucceeded";

    /** The checks that save what the retry decision reads: the status and the server's hints. */
    static final CheckBuilder[] ATTEMPT_CHECKS = {
            status().saveAs(STATUS),
            header("Retry-After").optional().saveAs(RETRY_AFTER),
            header("x-envoy-overloaded").optional().saveAs(OVERLOADED)};

    /** Where requests are counted and latencies go, by canary arm, endpoint and {@link Kind} (the latency log's tags). */
    interface Recorder {
        /** Records nothing: the generator benchmark's setting. */
        Recorder NONE = new Recorder() {
            @Override
            public void started(String arm, String endpoint) {
            }

            @Override
            public void record(String arm, String endpoint, Kind kind, long nanos) {
            }
        };

        /** A logical request to {@code endpoint} started, in canary arm {@code arm} (empty outside a canary run). */
        void started(String arm, String endpoint);

        /** A latency in nanoseconds of {@code endpoint}'s requests of {@code kind}, in canary arm {@code arm}. */
        void record(String arm, String endpoint, Kind kind, long nanos);
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

    /** How many clients the fleet has, each with its own retry state. */
    int fleetSize() {
        return fleet.size();
    }

    /** The chain that sends {@code e} until its client's policy says stop. */
    ChainBuilder chain(EndpointSpec e) {
        String path = e.path().replace("{user}", "#{" + USER + "}");
        return attempts(e.name(), exec(request(e, path).check(ATTEMPT_CHECKS)));
    }

    /** The chain that plays {@code attempt}, one attempt of request {@code name}, until its client's policy says stop. */
    ChainBuilder attempts(String name, ChainBuilder attempt) {
        return exec(session -> session.set(ATTEMPT, 0).set(SUCCEEDED, false)
                        .set(AGAIN, client(session).admit()))
                .asLongAs(session -> session.getBoolean(AGAIN)).on(
                        exec(session -> session.markAsSucceeded().set(ATTEMPT, session.getInt(ATTEMPT) + 1)
                                .set(ATTEMPT_STARTED, System.nanoTime())
                                .remove(STATUS).remove(RETRY_AFTER).remove(OVERLOADED))
                        .exec(attempt)
                        .exec(session -> afterAttempt(session, name))
                        .exec(doIf(session -> session.getBoolean(AGAIN))
                                .then(pause(session -> Duration.ofNanos(session.getLong(DELAY_NANOS))))));
    }

    /** The endpoint's request, with a body of its declared size when it has one. */
    private HttpRequestActionBuilder request(EndpointSpec e, String path) {
        HttpRequestActionBuilder request = http(e.name()).httpRequest(e.method().id(), path).requestTimeout(requestTimeout);
        return e.bodyBytes() == 0 ? request : request.body(ByteArrayBody(new byte[e.bodyBytes()]));
    }

    private Session afterAttempt(Session session, String endpoint) {
        recorder.record(arm(session), endpoint, Kind.ATTEMPT, System.nanoTime() - session.getLong(ATTEMPT_STARTED));
        int status = attemptStatus(session);
        Attempt outcome = new Attempt(status, retryAfter(session), session.contains(OVERLOADED));
        ClientRetries.Decision d = client(session).after(session.getInt(ATTEMPT), outcome);
        return session.markAsSucceeded().set(SUCCEEDED, outcome.succeeded()).set(AGAIN, d.retry()).set(DELAY_NANOS, d.delay().toNanos());
    }

    /** Counts a logical request to {@code endpoint} as started, now: its latency is measured from here. */
    Session start(Session session, String endpoint) {
        recorder.started(arm(session), endpoint);
        return session.set(STARTED_NANOS, System.nanoTime());
    }

    /** Records the logical request's outcome and latency, from its scheduled start. */
    Session recordLogical(Session session, String endpoint) {
        long elapsed = System.nanoTime() - session.getLong(STARTED_NANOS);
        recorder.record(arm(session), endpoint, succeeded(session) ? Kind.OK : Kind.FAILED, elapsed);
        return session.markAsSucceeded();
    }

    /** Whether the logical request of this session's last {@link #attempts} loop succeeded. */
    static boolean succeeded(Session session) {
        return session.getBoolean(SUCCEEDED);
    }

    /**
     * The attempt's status: the one it saved; else 0 (no response) when Gatling marked it failed,
     * 200 when not. A failed check on a successful status is a failure without a usable response (0).
     */
    private static int attemptStatus(Session session) {
        int status = session.contains(STATUS) ? session.getInt(STATUS) : session.isFailed() ? 0 : 200;
        return session.isFailed() && status >= 200 && status < 400 ? 0 : status;
    }

    private static String arm(Session session) {
        return session.contains(ARM) ? session.getString(ARM) : "";
    }

    /** The session's client of the fleet: the one drawn for it, else one by its user id. */
    private ClientRetries client(Session session) {
        return fleet.client(session.contains(CLIENT) ? session.getInt(CLIENT) : (int) (session.userId() % fleet.size()));
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
