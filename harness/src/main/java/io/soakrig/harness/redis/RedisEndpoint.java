package io.soakrig.harness.redis;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Where a Redis listens, as soakrig connects to it: the address its host was checked at (never
 * resolved again), the port and the password, if any. The {@code redis://} URL form is
 * {@code redis://[:PASSWORD@]HOST[:PORT]} (port 6379 when absent), as Redis's own clients read it.
 *
 * @param display  the URL as the user wrote it, without the password, for messages
 * @param address  the checked address
 * @param password the password of {@code AUTH}, or null
 */
public record RedisEndpoint(String display, InetAddress address, int port, String password) {
    public static final int DEFAULT_PORT = 6379;
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    /** The endpoint of {@code url} at the already-checked {@code address}. */
    public static RedisEndpoint of(URI url, InetAddress address) {
        String userInfo = url.getUserInfo();
        String password = userInfo == null ? null : userInfo.substring(userInfo.indexOf(':') + 1);
        int port = url.getPort() < 0 ? DEFAULT_PORT : url.getPort();
        return new RedisEndpoint("redis://" + url.getHost() + ":" + port, address, port, password);
    }

    /** A Redis on loopback at {@code port}, without a password: one soakrig started. */
    public static RedisEndpoint loopback(int port) {
        return new RedisEndpoint("redis://127.0.0.1:" + port, InetAddress.getLoopbackAddress(), port, null);
    }

    /**
     * The URL a stub connects to: the checked address, never the name again, and no password:
     * that goes to the stub through its environment ({@code StubSecrets}), so that the launch
     * file in the run directory never holds it.
     */
    public URI uri() {
        String host = address.getHostAddress();
        return URI.create("redis://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
    }

    /** A new connection with soakrig's timeouts, not yet opened (Jedis connects on first command). */
    public Jedis connect(String clientName) {
        return new Jedis(new HostAndPort(address.getHostAddress(), port), DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) TIMEOUT.toMillis())
                .socketTimeoutMillis((int) TIMEOUT.toMillis())
                .password(password)
                .clientName(clientName)
                .build());
    }

    /**
     * Checks that a Redis answers here, with this password: {@code PING}, answered {@code PONG}.
     *
     * @return null when it does, else one line saying what went wrong (refused, not Redis, the password)
     */
    public String problem() {
        try (Jedis jedis = connect("soakrig-check")) {
            String pong = jedis.ping();
            return "PONG".equals(pong) ? null : display + " answered PING with " + pong + ", not PONG";
        } catch (JedisAccessControlException e) {
            return display + " refused the password: " + e.getMessage();
        } catch (JedisDataException e) {
            return display + " refused the command: " + e.getMessage();
        } catch (JedisConnectionException e) {
            return display + " did not answer as a Redis: " + rootMessage(e);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    @Override
    public String toString() {
        return display;
    }
}
