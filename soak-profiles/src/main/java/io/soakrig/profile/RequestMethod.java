package io.soakrig.profile;

/** The HTTP methods an endpoint of the traffic mix may use, written as HTTP writes them. */
public enum RequestMethod implements Keyword {
    GET, POST, PUT, DELETE, PATCH, HEAD;

    @Override
    public String id() {
        return name();
    }

    /** Whether a request of this method may carry a body. */
    public boolean hasBody() {
        return this == POST || this == PUT || this == PATCH;
    }
}
