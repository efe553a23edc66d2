package io.soakrig.simulations.retry;

import java.time.Duration;

/**
 * What one attempt of a request came back with, as far as retrying cares.
 *
 * @param status     HTTP status, 0 when no response arrived (connection refused or reset, timeout)
 * @param retryAfter the server's {@code Retry-After}, or null
 * @param overloaded the response carried {@code x-envoy-overloaded}
 */
public record Attempt(int status, Duration retryAfter, boolean overloaded) {
    public static Attempt ok() {
        return new Attempt(200, null, false);
    }

    public static Attempt failed(int status) {
        return new Attempt(status, null, false);
    }

    /** Success is a 2xx or 3xx answer. */
    public boolean succeeded() {
        return status >= 200 && status < 400;
    }

    /**
     * Worth another try: no response, a 5xx, or 429 — the conditions Envoy's {@code retry_on:
     * 5xx,reset,connect-failure,retriable-4xx} covers. Other 4xx are the client's own fault.
     */
    public boolean retryable() {
        return status == 0 || status >= 500 || status == 429;
    }
}
