package io.soakrig.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.harness.ExitCodes;
import io.soakrig.harness.redis.RedisServer;
import io.soakrig.profile.RedisSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * A run whose Redis cannot be had ends with one line saying why, and starts nothing: run as its own
 * process, because what is missing is on the {@code PATH} the process was given.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RunCommandRedisTest {
    @TempDir
    Path tmp;

    @Test
    void aRedisTargetWithoutRedisServerOnThePathIsInvalidInputNamingThePackage() throws Exception {
        Path profile = Files.writeString(tmp.resolve("r.yaml"), """
                name: r
                targets:
                  sessions:
                    redis: { maxmemoryMb: 8 }
                  user:
                    stub: { role: auth, upstreams: [sessions] }
                traffic:
                  target: user
                  endpoints: [ { name: login, path: /login/1 } ]
                  arrivals: [ { constant: { rate: 1, duration: 1s } } ]
                """);
        Path emptyPath = Files.createDirectory(tmp.resolve("bin"));

        Result r = soakrig(Map.of("PATH", emptyPath.toString()), "run", profile.toString(), "--out", tmp.resolve("run").toString());

        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).contains("target sessions: redis-server is not on the PATH: install Debian's package redis-server"
                + " (apt-get install redis-server)").doesNotContain("Exception");
        assertThat(tmp.resolve("run")).doesNotExist();
    }

    @Test
    void aRedisUrlWithAWrongPasswordEndsTheRunWithoutAVerdictNeverShowingThePassword() throws Exception {
        Path binary = RedisServer.locate(System.getenv("PATH")).orElseThrow(() -> new AssertionError(RedisServer.notInstalled()));
        RedisServer redis = RedisServer.start("theirs", binary, new RedisSpec(8, null, null, null, null), RedisServer.freePort(),
                List.of(), tmp.resolve("data"), tmp.resolve("redis.log"), Duration.ofSeconds(10));
        try (Jedis admin = redis.endpoint().connect("test")) {
            admin.configSet("requirepass", "right");
            Path profile = Files.writeString(tmp.resolve("a.yaml"), """
                    name: a
                    targets:
                      theirs:
                        url: redis://:s3cret-wrong@127.0.0.1:%d
                      user:
                        stub: { role: auth, upstreams: [theirs] }
                    traffic:
                      target: user
                      endpoints: [ { name: login, path: /login/1 } ]
                      arrivals: [ { constant: { rate: 1, duration: 1s } } ]
                    """.formatted(redis.endpoint().port()));

            Result r = soakrig(Map.of(), "run", profile.toString(), "--out", tmp.resolve("run").toString());

            assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.NO_VERDICT);
            assertThat(r.out()).as("the verdict's reason").contains("target theirs: redis://127.0.0.1:" + redis.endpoint().port()
                    + " refused the password").doesNotContain("s3cret-wrong");
            assertThat(r.err()).doesNotContain("s3cret-wrong").doesNotContain("Exception");
            assertThat(tmp.resolve("run").resolve("logs")).as("no stub was started").doesNotExist();
        } finally {
            redis.child().stop(Duration.ofSeconds(2));
        }
    }

    @Test
    void anAttachedRedisPasswordReachesTheSessionStoreButNoFileOfTheRunDirectory() throws Exception {
        String password = "pw-7f3a9c-only-in-the-environment";
        Path binary = RedisServer.locate(System.getenv("PATH")).orElseThrow(() -> new AssertionError(RedisServer.notInstalled()));
        RedisServer redis = RedisServer.start("theirs", binary, new RedisSpec(8, null, null, null, null), RedisServer.freePort(),
                List.of(), tmp.resolve("data"), tmp.resolve("redis.log"), Duration.ofSeconds(10));
        try (Jedis admin = redis.endpoint().connect("test")) {
            admin.configSet("requirepass", password);
            admin.auth(password);
            Path profile = Files.writeString(tmp.resolve("a.yaml"), """
                    name: a
                    targets:
                      theirs:
                        url: redis://:%s@127.0.0.1:%d
                      user:
                        stub: { role: auth, upstreams: [theirs] }
                    traffic:
                      target: user
                      endpoints: [ { name: login, method: POST, path: "/login/{user}" } ]
                      arrivals: [ { constant: { rate: 5, duration: 3s } } ]
                    """.formatted(password, redis.endpoint().port()));
            Path run = tmp.resolve("run");

            Result r = soakrig(Map.of(), "run", profile.toString(), "--out", run.toString());

            assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(ExitCodes.PASS);
            assertThat(admin.dbSize()).as("sessions written by a stub that authenticated").isPositive();
            assertThat(r.out() + r.err()).doesNotContain(password);
            List<Path> files;
            try (var walk = Files.walk(run)) {
                files = walk.filter(Files::isRegularFile).toList();
            }
            assertThat(files).as("the launch file, the logs, the profile's copy...").hasSizeGreaterThan(5);
            for (Path file : files) {
                assertThat(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as(run.relativize(file).toString()).doesNotContain(password);
            }
            assertThat(Files.readString(run.resolve("profile.yaml")))
                    .contains("url: redis://***@127.0.0.1:" + redis.endpoint().port());
        } finally {
            redis.child().stop(Duration.ofSeconds(2));
        }
    }

    record Result(int exit, String out, String err) {
    }

    private Result soakrig(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SoakrigCli.class.getName()));
        command.addAll(List.of(args));
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(env);
        Process p = builder.start();
        if (!p.waitFor(50, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("soakrig did not exit\n" + Files.readString(err));
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
