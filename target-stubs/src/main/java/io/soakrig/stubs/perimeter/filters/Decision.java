package io.soakrig.stubs.perimeter.filters;

import java.util.Map;

/**
 * A filter's verdict on a request: go on to the next filter, or answer now with a local reply.
 *
 * @param status  0 to continue, else the status of the local reply
 * @param body    the local reply's body
 * @param headers extra response headers of the local reply
 */
public record Decision(int status, String body, Map<String, String> headers) {
    public static final Decision CONTINUE = new Decision(0, "", Map.of());

    public static Decision reply(int status, String body, Map<String, String> headers) {
        return new Decision(status, body, headers);
    }

    public boolean proceeds() {
        return status == 0;
    }
}
