package io.soakrig.profile;

/**
 * A Redis soakrig starts ({@code redis: {…}}): Debian's {@code redis-server} on 127.0.0.1,
 * supervised like a stub and sampled with {@code INFO memory}, so it takes no memory source.
 *
 * @param redis the server to start
 */
public record RedisTarget(RedisSpec redis) implements TargetSpec {
    @Override
    public void check(String name, Checks at) {
        redis.check(at.at("redis"));
    }
}
