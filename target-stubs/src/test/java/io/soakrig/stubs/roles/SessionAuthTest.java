package io.soakrig.stubs.roles;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.soakrig.profile.StubLaunch;
import io.soakrig.profile.StubRole;
import io.soakrig.profile.SessionStoreSpec;
import io.soakrig.profile.StubSpec;
import io.soakrig.profile.StubVersion;
import io.soakrig.stubs.service.Reply;
import io.soakrig.stubs.service.Request;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

/** The user service's sessions on a real redis-server (Debian's, installed by {@code .ci/run}), in each policy. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SessionAuthTest {
    @TempDir
    Path dir;
    private Process redis;
    private JedisPool pool;

    @AfterEach
    void stop() throws InterruptedException {
        if (pool != null) {
            pool.close();
        }
        if (redis != null) {
            redis.destroyForcibly().waitFor();
        }
    }

    @Test
    void healthySessionsExpireAndLeakingOnesDoNot() throws Exception {
        SessionAuth healthy = auth("noeviction", 64, StubVersion.V3_2_0);
        assertThat(healthy.handle(Request.of("POST", "/login/u1")).status()).isEqualTo(200);
        assertThat(healthy.handle(Request.of("GET", "/validate/u1")).status()).isEqualTo(200);
        try (Jedis jedis = pool.getResource()) {
            String token = jedis.get(SessionAuth.userKey("u1"));
            assertThat(jedis.pttl(SessionAuth.sessionKey(token))).isBetween(1L, 60_000L);
        }

        SessionAuth leaking = auth(StubVersion.V3_2_1);
        assertThat(leaking.handle(Request.of("POST", "/login/u2")).status()).isEqualTo(200);
        try (Jedis jedis = pool.getResource()) {
            String token = jedis.get(SessionAuth.userKey("u2"));
            assertThat(jedis.pttl(SessionAuth.sessionKey(token))).as("no TTL: the cleanup failed").isEqualTo(-1);
        }
    }

    @Test
    void atMaxmemoryWithNoevictionLoginsAndValidationsFailWithRedisOwnReason() throws Exception {
        SessionAuth auth = auth("noeviction", 2, StubVersion.V3_2_1);
        assertThat(auth.handle(Request.of("POST", "/login/early")).status()).isEqualTo(200);
        Reply last = null;
        for (int i = 0; i < 2000 && (last == null || last.status() == 200); i++) {
            last = auth.handle(Request.of("POST", "/login/u" + i));
        }

        assertThat(last.status()).isEqualTo(503);
        assertThat(last.reason()).startsWith("login failed: OOM command not allowed when used memory > 'maxmemory'");
        Reply validation = auth.handle(Request.of("GET", "/validate/early"));
        assertThat(validation.status()).as("the refresh is a write").isEqualTo(503);
        assertThat(validation.reason()).startsWith("session refresh failed: OOM command not allowed");
        assertThat(auth.handle(Request.of("GET", "/validate/newcomer")).status()).as("a new user cannot log in").isEqualTo(503);
    }

    @Test
    void withAnLruPolicySessionsAreEvictedAndTheirUsersMustLogInAgain() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        SessionAuth auth = auth("allkeys-lru", 2, StubVersion.V3_2_1, registry);
        for (int i = 0; i < 4000; i++) {
            assertThat(auth.handle(Request.of("POST", "/login/u" + i)).status()).as("LRU makes room for every login").isEqualTo(200);
        }
        for (int i = 0; i < 50; i++) {
            assertThat(auth.handle(Request.of("GET", "/validate/u" + i)).status()).as("logged in again").isEqualTo(200);
        }

        double logins = registry.scrape().stream().filter(m -> m.getMetadata().getName().equals("soakrig_auth_logins"))
                .mapToDouble(m -> ((io.prometheus.metrics.model.snapshots.CounterSnapshot) m).getDataPoints().get(0).getValue()).sum();
        assertThat(logins).as("the first users' sessions were evicted: they had to log in again").isGreaterThan(4000);
    }

    @Test
    void aRedisThatIsGoneFailsRequestsInBoundedTime() throws Exception {
        SessionAuth auth = auth("noeviction", 8, StubVersion.V3_2_0);
        redis.destroyForcibly().waitFor();
        long start = System.nanoTime();

        Reply reply = auth.handle(Request.of("GET", "/validate/u1"));

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.reason()).startsWith("session store: ");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    private SessionAuth auth(StubVersion version) {
        return new SessionAuth(pool, spec(version), new PrometheusRegistry());
    }

    private SessionAuth auth(String policy, int maxmemoryMb, StubVersion version) throws Exception {
        return auth(policy, maxmemoryMb, version, new PrometheusRegistry());
    }

    private SessionAuth auth(String policy, int maxmemoryMb, StubVersion version, PrometheusRegistry registry) throws Exception {
        int port = freePort();
        redis = new ProcessBuilder("redis-server", "--bind", "127.0.0.1", "--port", Integer.toString(port), "--save", "",
                "--appendonly", "no", "--dir", dir.toString(), "--maxmemory", maxmemoryMb + "mb", "--maxmemory-policy", policy)
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        StubSpec spec = spec(version);
        StubLaunch launch = new StubLaunch("user", 0, spec, Map.of(), Map.of("sessions", List.of("redis://127.0.0.1:" + port)), 0, 0);
        pool = Roles.sessionStore(launch, null).orElseThrow();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (Jedis jedis = pool.getResource()) {
                jedis.ping();
                break;
            } catch (RuntimeException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(50);
            }
        }
        return new SessionAuth(pool, spec, registry);
    }

    private static StubSpec spec(StubVersion version) {
        return new StubSpec(StubRole.AUTH, version, null, null, null, null, null, List.of("sessions"), null, null, null, null, null,
                null, new SessionStoreSpec(Duration.ofSeconds(30), 1024, Duration.ofMillis(500)));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
