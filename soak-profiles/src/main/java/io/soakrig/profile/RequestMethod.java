package io.soakrig.profile;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The HTTP methods an endpoint of the traffic mix may use. */
public enum RequestMethod implements Keyword {
    GET, POST, PUT, DELETE, PATCH, HEAD;

    @JsonValue
    @Override
    public String id() {
        return name();
    }

    @JsonCreator
    public static RequestMethod of(String id) {
        return Keyword.of(RequestMethod.class, id);
    }

    /** Whether a request of this method may carry a body. */
    public boolean hasBody() {
        return this == POST || this == PUT || this == PATCH;
    }
}
