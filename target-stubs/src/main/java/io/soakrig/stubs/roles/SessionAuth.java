package io.soakrig.stubs.roles;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.soakrig.profile.StubSpec;
import io.soakrig.stubs.service.Behaviour;
import io.soakrig.stubs.service.Reply;
import io.soakrig.stubs.service.Request;
import java.util.UUID;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * Authentication with its sessions in Redis — the seed's user service. A login ({@code /login/…})
 * writes a new session under a fresh token and points the user at it; every other request
 * validates: the user's token, then its session, read back from Redis, and the session refreshed
 * (a sliding session: seen now, expiring a TTL from now). A user with no session (a first visit,
 * or one that expired) is logged in again, as a client holding a refresh token is.
 *
 * <p>Healthy ({@code v3.2.0}) sessions carry a TTL, so Redis holds about
 * logins × TTL of them. The seed's version ({@code v3.2.1}: the cleanup job
 * failed) writes them without one: they accumulate until Redis reaches {@code maxmemory}. Then
 * with {@code noeviction} every write is refused ({@code OOM command not allowed}): logins and
 * the validations' refreshes fail with 503; with an LRU policy Redis evicts sessions, and users whose session vanished are
 * logged out (counted) and must log in again. A Redis that is slow, gone or whose pool is
 * exhausted fails the request with 503 once the pool's wait or the command's timeout runs out.
 */
final class SessionAuth implements Behaviour {
    static final String LOGIN = "login";
    private final JedisPool pool;
    private final int sessionBytes;
    private final int payloadBytes;
    private final boolean expires;
    private final long ttlMillis;
    private final SetParams write;
    private final Counter validationFailures;
    private final Counter logins;
    private final Counter loginFailures;
    private final Counter loggedOut;
    private final Counter redisErrors;

    SessionAuth(JedisPool pool, StubSpec spec, PrometheusRegistry registry) {
        this.pool = pool;
        this.sessionBytes = spec.sessions().bytes();
        this.payloadBytes = spec.payloadBytes();
        this.expires = !spec.sessionsLeak();
        this.ttlMillis = spec.sessions().ttl().toMillis();
        this.write = expires ? new SetParams().px(ttlMillis) : new SetParams();
        this.logins = Counter.builder().name("soakrig_auth_logins").help("Sessions written to Redis").register(registry);
        this.loginFailures = Counter.builder().name("soakrig_auth_login_failures")
                .help("Logins whose session Redis refused or did not store in time").register(registry);
        this.validationFailures = Counter.builder().name("soakrig_auth_validation_failures")
                .help("Validations whose session refresh Redis refused").register(registry);
        this.loggedOut = Counter.builder().name("soakrig_auth_sessions_lost")
                .help("Validations that found the user's token but not its session: evicted by Redis").register(registry);
        this.redisErrors = Counter.builder().name("soakrig_auth_redis_errors")
                .help("Requests failed because Redis refused, timed out, or no pooled connection was free").register(registry);
    }

    @Override
    public Reply handle(Request request) {
        String user = request.user();
        try (Jedis redis = pool.getResource()) {
            if (LOGIN.equals(request.endpoint())) {
                return login(redis, user);
            }
            String token = redis.get(userKey(user));
            if (token != null && redis.exists(sessionKey(token))) {
                return touch(redis, user, token);
            }
            if (token != null) {
                loggedOut.inc();
            }
            return login(redis, user);
        } catch (JedisException e) {
            redisErrors.inc();
            return Reply.unavailable("session store: " + e.getMessage());
        }
    }

    /**
     * A sliding session: every validation records the user as seen (a write, so at
     * {@code maxmemory} with {@code noeviction} Redis refuses it, as it refuses every write that
     * may allocate) and, where sessions expire, pushes their expiry out.
     */
    private Reply touch(Jedis redis, String user, String token) {
        try {
            redis.set(userKey(user), token, write);
            if (expires) {
                redis.pexpire(sessionKey(token), ttlMillis);
            }
        } catch (JedisDataException refused) {
            validationFailures.inc();
            return Reply.unavailable("session refresh failed: " + refused.getMessage());
        }
        return Reply.ok(payloadBytes);
    }

    private Reply login(Jedis redis, String user) {
        String token = UUID.randomUUID().toString();
        try {
            redis.set(sessionKey(token), "s".repeat(sessionBytes), write);
            redis.set(userKey(user), token, write);
        } catch (JedisDataException refused) {
            loginFailures.inc();
            return Reply.unavailable("login failed: " + refused.getMessage());
        }
        logins.inc();
        return Reply.ok(payloadBytes);
    }

    static String sessionKey(String token) {
        return "session:" + token;
    }

    static String userKey(String user) {
        return "user-session:" + user;
    }
}
