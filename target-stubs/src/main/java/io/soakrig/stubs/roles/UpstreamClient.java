package io.soakrig.stubs.roles;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Calls one upstream service, round-robin over its instances, blocking the calling worker as a
 * synchronous service client does. A connection failure or timeout is reported as status 0, which
 * callers treat like any failed dependency.
 */
final class UpstreamClient {
    static final int FAILED = 0;

    private final List<URI> instances;
    private final Duration timeout;
    private final HttpClient http;
    private final AtomicInteger next = new AtomicInteger();

    UpstreamClient(List<String> instances, Duration timeout) {
        if (instances.isEmpty()) {
            throw new IllegalArgumentException("an upstream needs at least one instance");
        }
        this.instances = instances.stream().map(URI::create).toList();
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** GETs {@code pathAndQuery} from the next instance; the status, or {@link #FAILED}. */
    int get(String pathAndQuery) throws InterruptedException {
        URI base = instances.get(Math.floorMod(next.getAndIncrement(), instances.size()));
        HttpRequest request = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(timeout).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return FAILED;
        }
    }
}
