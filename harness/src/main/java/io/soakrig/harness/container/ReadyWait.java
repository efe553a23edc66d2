package io.soakrig.harness.container;

import com.github.dockerjava.api.command.InspectContainerResponse;
import io.soakrig.profile.ContainerSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Pattern;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;

/**
 * When a started container is ready: its HTTP health path answers 2xx, or its log prints the
 * line, or (no health given) its published port accepts a connection — each checked from outside
 * on 127.0.0.1, where the load will come from. Testcontainers' own port wait also looks inside the
 * container with a shell, which a minimal image (a JRE and nothing else) does not have.
 *
 * <p>A container that exits while it is waited for ends the wait at once; either way the failure
 * is a {@link NotReady} whose message is the one line the user gets.
 */
final class ReadyWait extends AbstractWaitStrategy {
    private static final Duration POLL = Duration.ofMillis(100);

    private final int containerPort;
    private final ContainerSpec.HealthSpec health;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    ReadyWait(int containerPort, ContainerSpec.HealthSpec health) {
        this.containerPort = containerPort;
        this.health = health;
    }

    /** Why a container did not become ready, in one line. */
    static final class NotReady extends RuntimeException {
        NotReady(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    protected void waitUntilReady() {
        int port = waitStrategyTarget.getMappedPort(containerPort);
        Pattern line = health instanceof ContainerSpec.HealthSpec.Log log ? Pattern.compile(log.line()) : null;
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            InspectContainerResponse.ContainerState state = waitStrategyTarget.getCurrentContainerInfo().getState();
            if (!Boolean.TRUE.equals(state.getRunning())) {
                String log = waitStrategyTarget.getLogs().strip();
                throw new NotReady("it exited at start with code " + state.getExitCodeLong()
                        + (log.isEmpty() ? "" : "; its last output: " + log.substring(log.lastIndexOf('\n') + 1)));
            }
            if (line != null ? logShows(line) : health instanceof ContainerSpec.HealthSpec.Http http ? answers2xx(port, http.path())
                    : accepts(port)) {
                return;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NotReady("interrupted while waiting for it");
            }
        }
        String within = " within " + startupTimeout.toSeconds() + " s";
        if (health instanceof ContainerSpec.HealthSpec.Http http) {
            throw new NotReady("GET " + http.path() + " did not answer 2xx" + within);
        }
        if (health instanceof ContainerSpec.HealthSpec.Log log) {
            throw new NotReady("its log did not print a line matching '" + log.line() + "'" + within);
        }
        throw new NotReady("port " + containerPort + " did not accept connections" + within);
    }

    private boolean logShows(Pattern line) {
        return waitStrategyTarget.getLogs().lines().anyMatch(l -> line.matcher(l).matches());
    }

    private boolean answers2xx(int port, String path) {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() >= 200 && r.statusCode() < 300;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }
}
