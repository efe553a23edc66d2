package io.soakrig.profile;

import java.net.URI;

/**
 * A running Redis soakrig attaches to ({@code url: redis://[:PASSWORD@]HOST[:PORT]}), allow-listed
 * like any URL target and sampled with {@code INFO memory}, so it takes no memory source.
 *
 * @param url the Redis's address; its password, if any, is never shown
 */
public record RedisUrlTarget(URI url) implements TargetSpec {
    @Override
    public void check(String name, Checks at) {
        HttpUrls.targetProblem(url).ifPresent(at.at("url")::fail);
    }
}
