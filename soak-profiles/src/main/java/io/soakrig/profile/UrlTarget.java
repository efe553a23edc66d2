package io.soakrig.profile;

import java.net.URI;

/**
 * A running service soakrig attaches to: traffic goes to {@code url} (loopback, or a host allowed
 * with {@code --allow-host}); its memory is sampled from {@code memory} when given.
 *
 * @param url    the service's base URL
 * @param memory where its memory is read, or null for none
 */
public record UrlTarget(URI url, MemorySourceSpec memory) implements TargetSpec {
    @Override
    public void check(String name, Checks at) {
        HttpUrls.problem(url).ifPresent(at.at("url")::fail);
        if (memory != null) {
            memory.check(at.at("memory"));
        }
    }
}
