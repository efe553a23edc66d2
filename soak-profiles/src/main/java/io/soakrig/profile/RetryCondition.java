package io.soakrig.profile;

/** A condition of Envoy's {@code retry_on} under which a perimeter retries a try. */
public enum RetryCondition implements Keyword {
    /** Any 5xx answer, a reset, a failed connect or a per-try timeout. */
    FIVE_XX,
    /** 502, 503 or 504, a failed connect or a per-try timeout. */
    GATEWAY_ERROR,
    /** The upstream reset the connection. */
    RESET,
    /** The connection to the upstream failed. */
    CONNECT_FAILURE,
    /** An answer whose status is listed in {@code retriableStatusCodes}. */
    RETRIABLE_STATUS_CODES;

    /** Envoy's words: {@code 5xx}, {@code gateway-error}, ... */
    @Override
    public String id() {
        return this == FIVE_XX ? "5xx" : Keyword.super.id();
    }
}
