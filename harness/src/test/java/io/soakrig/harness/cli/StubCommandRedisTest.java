package io.soakrig.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.harness.ExitCodes;
import io.soakrig.harness.redis.RedisServer;
import io.soakrig.profile.RedisSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * {@code soakrig stub auth --upstream NAME=redis://…}: the standalone stub keeps its sessions in a
 * Redis the user runs (here a real redis-server wanting a password), run as its own process since
 * it serves until stopped.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StubCommandRedisTest {
    private static final String PASSWORD = "pw-standalone-4e1d";
    @TempDir
    Path tmp;
    private RedisServer redis;
    private Process stub;

    @BeforeEach
    void startRedis() throws Exception {
        Path binary = RedisServer.locate(System.getenv("PATH")).orElseThrow(() -> new AssertionError(RedisServer.notInstalled()));
        redis = RedisServer.start("theirs", binary, new RedisSpec(8, null, null, null, null), RedisServer.freePort(),
                List.of(), tmp.resolve("data"), tmp.resolve("redis.log"), Duration.ofSeconds(10));
        try (Jedis admin = redis.endpoint().connect("test")) {
            admin.configSet("requirepass", PASSWORD);
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (stub != null) {
            stub.destroy();
            if (!stub.waitFor(10, TimeUnit.SECONDS)) {
                stub.destroyForcibly().waitFor();
            }
        }
        redis.child().stop(Duration.ofSeconds(2));
    }

    @Test
    void anAuthStubKeepsItsSessionsInTheUsersRedis() throws Exception {
        int port = RedisServer.freePort();
        stub = soakrig("stub", "auth", "--port", Integer.toString(port),
                "--upstream", "sessions=redis://:" + PASSWORD + "@127.0.0.1:" + redis.endpoint().port());
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest login = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login/u7"))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(2)).build();
        HttpResponse<String> response = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (response == null) {
            try {
                response = http.send(login, HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException notYetListening) {
                assertThat(stub.isAlive()).as("the stub is still starting\n" + Files.readString(tmp.resolve("err.txt"))).isTrue();
                assertThat(System.nanoTime()).as("the stub listens within 30 s").isLessThan(deadline);
                Thread.sleep(100);
            }
        }

        assertThat(response.statusCode()).isEqualTo(200);
        try (Jedis jedis = redis.endpoint().connect("test")) {
            jedis.auth(PASSWORD);
            String token = jedis.get("user-session:u7");
            assertThat(token).as("the user's session token, written by the stub").isNotNull();
            assertThat(jedis.exists("session:" + token)).isTrue();
        }
        assertThat(Files.readString(tmp.resolve("out.txt")) + Files.readString(tmp.resolve("err.txt"))).doesNotContain(PASSWORD);
    }

    @Test
    void aWrongPasswordOrARedisForAnotherRoleIsOneLineAndNothingRuns() throws Exception {
        String url = "redis://:wrong-" + PASSWORD + "@127.0.0.1:" + redis.endpoint().port();
        Process wrong = soakrig("stub", "auth", "--upstream", "sessions=" + url);
        assertThat(wrong.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(wrong.exitValue()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(Files.readString(tmp.resolve("err.txt")).strip())
                .startsWith("soakrig: --upstream sessions=redis://***@127.0.0.1:" + redis.endpoint().port() + ": redis://127.0.0.1:"
                        + redis.endpoint().port() + " refused the password")
                .doesNotContain(PASSWORD).doesNotContain("Exception").hasLineCount(1);

        Process stream = soakrig("stub", "stream", "--upstream", "sessions=redis://127.0.0.1:" + redis.endpoint().port());
        assertThat(stream.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(stream.exitValue()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(Files.readString(tmp.resolve("err.txt")).strip()).isEqualTo("soakrig: --upstream sessions=redis://127.0.0.1:"
                + redis.endpoint().port() + ": a Redis is the session store of an auth stub; a stream stub calls no Redis");
    }

    private Process soakrig(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SoakrigCli.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(tmp.resolve("err.txt").toFile()).start();
    }
}
