package io.soakrig.profile;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A condition of Envoy's {@code retry_on} under which a perimeter retries a try. */
public enum RetryCondition implements Keyword {
    /** Any 5xx answer, a reset, a failed connect or a per-try timeout. */
    FIVE_XX("5xx"),
    /** 502, 503 or 504, a failed connect or a per-try timeout. */
    GATEWAY_ERROR("gateway-error"),
    /** The upstream reset the connection. */
    RESET("reset"),
    /** The connection to the upstream failed. */
    CONNECT_FAILURE("connect-failure"),
    /** An answer whose status is listed in {@code retriableStatusCodes}. */
    RETRIABLE_STATUS_CODES("retriable-status-codes");

    private final String id;

    RetryCondition(String id) {
        this.id = id;
    }

    @JsonValue
    @Override
    public String id() {
        return id;
    }

    @JsonCreator
    public static RetryCondition of(String id) {
        return Keyword.of(RetryCondition.class, id);
    }
}
