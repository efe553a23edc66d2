package io.soakrig.profile;

/** How a client spaces its retries of a failed request (see {@link RetrySpec}). */
public enum ClientRetryPolicy implements Keyword {
    /** Never retry. */
    NONE,
    /** Retry as soon as the failure is seen. */
    IMMEDIATE,
    /** Retry every {@code base}. */
    CONSTANT,
    /** Retry after base·2<sup>k−1</sup>, capped at {@code max}. */
    EXPONENTIAL,
    /** Retry after a uniformly random delay up to the exponential one (AWS's "full jitter"). */
    FULL_JITTER
}
