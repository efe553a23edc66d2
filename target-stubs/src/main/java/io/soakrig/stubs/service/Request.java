package io.soakrig.stubs.service;

import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * What a stub's behaviour sees of a request: method, path, query and the caller's user id.
 *
 * @param method HTTP method
 * @param path   decoded path, without the query
 * @param query  the decoded query parameters
 */
public record Request(String method, String path, QueryStringDecoder query) {
    public static Request of(String method, String uri) {
        QueryStringDecoder decoder = new QueryStringDecoder(uri);
        return new Request(method, decoder.path(), decoder);
    }

    /** The first path segment, a bounded label for metrics ({@code /stream/42} is {@code stream}). */
    public String endpoint() {
        return endpointOf(path);
    }

    /** The metrics label of a path: its first segment, at most 32 characters, {@code root} for "/". */
    public static String endpointOf(String path) {
        int start = path.startsWith("/") ? 1 : 0;
        int end = path.indexOf('/', start);
        String first = path.substring(start, end < 0 ? path.length() : end);
        return first.isEmpty() ? "root" : first.length() > 32 ? first.substring(0, 32) : first;
    }

    /** The {@code user} query parameter, else the last path segment: who this request is for. */
    public String user() {
        var values = query.parameters().get("user");
        if (values != null && !values.isEmpty()) {
            return values.get(0);
        }
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** An integer query parameter, or {@code fallback}. */
    public int intParam(String name, int fallback) {
        var values = query.parameters().get(name);
        if (values == null || values.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(values.get(0));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
