package io.soakrig.harness.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.soakrig.contract.RunLayout;
import io.soakrig.contract.events.RunEvent;
import io.soakrig.contract.events.RunEventLog;
import io.soakrig.contract.memory.MemorySample;
import io.soakrig.harness.process.TargetStartException;
import io.soakrig.harness.sampling.RedisMemorySource;
import io.soakrig.harness.sampling.SampleClock;
import io.soakrig.harness.supervision.CrashLoopBackOff;
import io.soakrig.harness.supervision.MemoryLimits;
import io.soakrig.harness.supervision.SupervisedRedis;
import io.soakrig.profile.RedisSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * A real redis-server (Debian's {@code redis-server}, installed by {@code .ci/run}) started the way
 * a run starts it, sampled, and broken in the ways a run must survive.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisServerTest {
    static final RedisSpec SPEC = new RedisSpec(16, RedisSpec.EvictionPolicy.NOEVICTION, null, null, null);
    static final Duration START = Duration.ofSeconds(10);
    /** What a connection's query and reply buffers may take in Redis's {@code used_memory}. */
    static final long CLIENT_BUFFERS = 128 << 10;

    @TempDir
    Path run;

    static Path binary() {
        return RedisServer.locate(System.getenv("PATH")).orElseThrow(() -> new AssertionError(RedisServer.notInstalled()));
    }

    RedisServer start(RedisSpec spec, int port) throws Exception {
        return RedisServer.start("sessions", binary(), spec, port, List.of(), run.resolve("data"), run.resolve("redis.log"), START);
    }

    @Test
    void samplesAgreeWithRedisCli() throws Exception {
        RedisServer redis = start(SPEC, RedisServer.freePort());
        try (Jedis jedis = redis.endpoint().connect("test");
             RedisMemorySource source = new RedisMemorySource("sessions", redis.endpoint())) {
            for (int i = 0; i < 8000; i++) {
                jedis.set("session:" + i, "x".repeat(1000));
            }
            rssSettled(redis.endpoint().port());
            MemorySample sample = source.sample(SampleClock.startingNow());
            Map<String, Long> cli = redisCli(redis.endpoint().port(), "INFO", "memory");
            long keys = redisCli(redis.endpoint().port(), "DBSIZE").get("dbsize");

            assertThat(sample.source()).isEqualTo(RedisMemorySource.NAME);
            assertThat(sample.keys()).isEqualTo(8000).isEqualTo(keys);
            assertThat(sample.limitBytes()).isEqualTo(16L << 20).isEqualTo(cli.get("maxmemory"));
            // read over two connections a moment apart: they differ by the clients' buffers only
            assertThat(sample.metricBytes()).isCloseTo(cli.get("used_memory"), org.assertj.core.data.Offset.offset(CLIENT_BUFFERS));
            assertThat((double) sample.rssBytes()).isCloseTo(cli.get("used_memory_rss"), org.assertj.core.data.Percentage.withPercentage(5));
            assertThat(sample.metricBytes()).as("8000 values of 1000 bytes").isGreaterThan(8_000_000);
            assertThat(sample.gcAwareSignal()).isEqualTo(MemorySample.Signal.METRIC);
        } finally {
            redis.child().stop(Duration.ofSeconds(2));
        }
    }

    /**
     * Waits until Redis's {@code used_memory_rss} stops moving: Redis refreshes it in its cron
     * (ten times a second), so read just after a burst of writes it lags the writes.
     */
    static void rssSettled(int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long before = redisCli(port, "INFO", "memory").get("used_memory_rss");
        while (System.nanoTime() < deadline) {
            Thread.sleep(250);
            long now = redisCli(port, "INFO", "memory").get("used_memory_rss");
            if (now == before) {
                return;
            }
            before = now;
        }
        throw new AssertionError("used_memory_rss still moving after 10 s");
    }

    /** {@code redis-cli} on a port: the {@code field:value} lines of its reply, or {@code dbsize} for a bare number. */
    static Map<String, Long> redisCli(int port, String... command) throws IOException, InterruptedException {
        List<String> argv = new java.util.ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
        argv.addAll(List.of(command));
        Process cli = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cli.waitFor()).as(out).isZero();
        if (out.strip().matches("\\d+")) {
            return Map.of("dbsize", Long.parseLong(out.strip()));
        }
        return out.lines().filter(l -> l.matches("[a-z_]+:\\d+\\s*")).collect(Collectors.toMap(
                l -> l.substring(0, l.indexOf(':')), l -> Long.parseLong(l.substring(l.indexOf(':') + 1).strip())));
    }

    @Test
    void aTakenPortIsNamedWithRedisOwnReason() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> start(SPEC, taken.getLocalPort()))
                    .isInstanceOf(TargetStartException.class)
                    .hasMessageContaining("redis-server exited before it answered on port " + taken.getLocalPort())
                    .hasMessageContaining("Address already in use");
        }
    }

    @Test
    void aMissingRedisServerIsNamedWithItsPackage() {
        assertThat(RedisServer.locate(run.toString())).isEmpty();
        assertThat(RedisServer.locate(null)).isEmpty();
        assertThat(RedisServer.notInstalled()).isEqualTo(
                "redis-server is not on the PATH: install Debian's package redis-server (apt-get install redis-server)");
    }

    @Test
    void aWrongPasswordIsSaidSo() throws Exception {
        RedisServer redis = start(SPEC, RedisServer.freePort());
        try (Jedis admin = redis.endpoint().connect("test")) {
            admin.configSet("requirepass", "right");
            RedisEndpoint wrong = RedisEndpoint.of(URI.create("redis://:wrong@127.0.0.1:" + redis.endpoint().port()),
                    InetAddress.getLoopbackAddress());
            assertThat(wrong.problem()).startsWith("redis://127.0.0.1:" + redis.endpoint().port() + " refused the password")
                    .doesNotContain("wrong");
            RedisEndpoint right = RedisEndpoint.of(URI.create("redis://:right@127.0.0.1:" + redis.endpoint().port()),
                    InetAddress.getLoopbackAddress());
            assertThat(right.problem()).isNull();
        } finally {
            redis.child().stop(Duration.ofSeconds(2));
        }
    }

    @Test
    void somethingElseOnThePortIsNotARedis() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            RedisEndpoint endpoint = RedisEndpoint.loopback(silent.getLocalPort());
            assertThat(endpoint.problem()).startsWith(endpoint + " did not answer as a Redis");
        }
    }

    @Test
    void aRedisKilledMidRunIsRestartedOnItsPortAndSampledAgain() throws Exception {
        CrashLoopBackOff quick = new CrashLoopBackOff(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofMinutes(10));
        try (RunEventLog events = RunEventLog.append(RunLayout.of(run).events());
             SupervisedRedis redis = new SupervisedRedis("sessions", binary(), SPEC, 0, run, MemoryLimits.watchdogOnly(),
                     quick, START, events)) {
            RedisEndpoint endpoint = redis.start();
            try (RedisMemorySource source = new RedisMemorySource("sessions", endpoint); Jedis jedis = endpoint.connect("test")) {
                jedis.set("session:1", "alive");
                assertThat(source.sample(SampleClock.startingNow()).keys()).isEqualTo(1);
                long first = redis.pid();
                new ProcessBuilder("kill", "-9", Long.toString(first)).start().waitFor();

                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                MemorySample after = null;
                while (after == null && System.nanoTime() < deadline) {
                    try {
                        after = redis.pid() == first ? null : source.sample(SampleClock.startingNow());
                    } catch (IOException down) {
                        assertThat(down).hasMessageStartingWith("Redis at " + endpoint + ": ");
                    }
                    Thread.sleep(50);
                }
                assertThat(after).as("sampled again after the restart").isNotNull();
                assertThat(after.keys()).as("no persistence: the restarted Redis is empty").isZero();
            }
        }
        List<RunEvent.Type> types = RunEventLog.read(RunLayout.of(run).events()).stream().map(RunEvent::type).toList();
        assertThat(types).containsSubsequence(RunEvent.Type.STARTED, RunEvent.Type.EXITED, RunEvent.Type.RESTART_SCHEDULED,
                RunEvent.Type.STARTED);
    }

    @Test
    void theServerDiesWithTheThreadThatStartedIt() throws Exception {
        RedisServer[] started = new RedisServer[1];
        Thread starter = new Thread(() -> {
            try {
                started[0] = start(SPEC, RedisServer.freePort());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        starter.start();
        starter.join();
        assertThat(started[0].child().waitFor(Duration.ofSeconds(10))).as("killed by its parent-death signal").isPresent();
    }
}
