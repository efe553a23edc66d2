package io.soakrig.stubs.perimeter;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.soakrig.stubs.service.Request;
import java.util.HashMap;
import java.util.Map;

/**
 * One downstream request on its way through the filter chain: the request and the per-request
 * state filters leave for each other (Envoy's filter state), such as the principal the auth
 * filter established.
 */
public final class Exchange {
    /** Filter-state key under which the auth filter stores the authenticated user. */
    public static final String PRINCIPAL = "auth.principal";

    private final FullHttpRequest request;
    private final String path;
    private Map<String, Object> state;

    public Exchange(FullHttpRequest request) {
        this.request = request;
        this.path = new QueryStringDecoder(request.uri()).path();
    }

    public FullHttpRequest request() {
        return request;
    }

    public String path() {
        return path;
    }

    /** The first path segment, the endpoint label of the perimeter's response counts. */
    public String endpoint() {
        return Request.endpointOf(path);
    }

    /** The caller's user: the {@code x-soakrig-user} header, else the last path segment. */
    public String user() {
        String header = request.headers().get("x-soakrig-user");
        if (header != null) {
            return header;
        }
        String path = path();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    public Object state(String key) {
        return state == null ? null : state.get(key);
    }

    public void setState(String key, Object value) {
        if (state == null) {
            state = new HashMap<>(4);
        }
        state.put(key, value);
    }
}
