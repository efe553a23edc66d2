package io.soakrig.profile;

import java.util.Set;

/**
 * One endpoint of the mix.
 *
 * @param name   tag under which its latency is recorded (letters, digits, '-', '_', '.')
 * @param method HTTP method, GET when absent
 * @param path   request path starting with '/'
 * @param weight relative share of arrivals, 1 when absent
 * @param bodyBytes size of the request body sent (e.g. an upload, a playlist edit), 0 when absent
 */
public record EndpointSpec(String name, RequestMethod method, String path, Integer weight, Integer bodyBytes) {
    public EndpointSpec {
        method = method == null ? RequestMethod.GET : method;
        weight = weight == null ? 1 : weight;
        bodyBytes = bodyBytes == null ? 0 : bodyBytes;
    }

    /** Checks this endpoint; {@code names} collects the names seen so far, to refuse duplicates. */
    void check(Checks at, Set<String> names) {
        if (at.at("name").identifier(name) && !names.add(name)) {
            at.at("name").fail("duplicate endpoint name '" + name + "'");
        }
        if (at.at("path").require(path) && !path.startsWith("/")) {
            at.at("path").fail("must start with '/', was '" + path + "'");
        }
        if (!Limits.BODY_BYTES.contains(bodyBytes)) {
            at.at("bodyBytes").fail("must be 0.." + Limits.BODY_BYTES.max() + " bytes (the stubs' request limit), was " + bodyBytes);
        } else if (bodyBytes > 0 && !method.hasBody()) {
            at.at("bodyBytes").fail("a body needs method POST, PUT or PATCH, was " + method.id());
        }
        if (weight < 1) {
            at.at("weight").fail("must be at least 1, was " + weight);
        }
    }
}
