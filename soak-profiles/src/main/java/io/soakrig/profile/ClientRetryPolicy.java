package io.soakrig.profile;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

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
    FULL_JITTER;

    @JsonValue
    @Override
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static ClientRetryPolicy of(String id) {
        return Keyword.of(ClientRetryPolicy.class, id);
    }
}
