package io.soakrig.harness.process;

import io.soakrig.profile.Profile.StubSpec;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A target stub running in its own JVM, started and waited for until both its ports are bound.
 *
 * <p>The stub picks free ports itself and writes them to a ready file; the harness polls for that
 * file with a deadline and gives up early if the child exits first, quoting the end of its log.
 *
 * @param target    the profile's name for this target
 * @param child     the process
 * @param url       where its service port answers
 * @param adminPort where its metrics are served
 */
public record StubProcess(String target, ChildProcess child, URI url, int adminPort) {
    /** Main class of the target-stubs module, named here because the harness does not compile against it. */
    static final String STUB_MAIN = "io.soakrig.stubs.StubMain";
    static final String TOKEN_ENV = "SOAKRIG_ADMIN_TOKEN";
    private static final Duration POLL = Duration.ofMillis(50);

    /**
     * Starts the stub for {@code target} and waits until it is ready.
     *
     * @throws TargetStartException when the stub exits or is not ready within {@code timeout}
     */
    public static StubProcess start(String target, StubSpec spec, Path runDir, String adminToken, Duration timeout)
            throws IOException, InterruptedException, TargetStartException {
        Path readyFile = runDir.resolve("stubs").resolve(target + ".ready");
        Files.createDirectories(readyFile.getParent());
        Files.deleteIfExists(readyFile);
        ChildProcess child = ChildProcess.start("stub " + target, STUB_MAIN,
                List.of("-Xmx" + spec.heapMb() + "m", "-XX:+UseG1GC"),
                List.of(spec.role().id(), "--ready-file", readyFile.toString()),
                Map.of(TOKEN_ENV, adminToken),
                runDir.resolve("logs").resolve("stub-" + target + ".log"));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(readyFile)) {
            if (!child.isAlive()) {
                throw new TargetStartException("target " + target + " exited before it was ready; see " + child.log()
                        + LogTail.of(child.log()));
            }
            if (System.nanoTime() > deadline) {
                child.stop(Duration.ofSeconds(2));
                throw new TargetStartException("target " + target + " was not ready within " + timeout.toSeconds()
                        + " s; see " + child.log());
            }
            Thread.sleep(POLL.toMillis());
        }
        Properties ready = new Properties();
        try (Reader in = Files.newBufferedReader(readyFile)) {
            ready.load(in);
        }
        int port = Integer.parseInt(ready.getProperty("port"));
        int adminPort = Integer.parseInt(ready.getProperty("adminPort"));
        return new StubProcess(target, child, URI.create("http://127.0.0.1:" + port), adminPort);
    }

    /** The stub's metrics endpoint. */
    public URI metricsUrl() {
        return URI.create("http://127.0.0.1:" + adminPort + "/metrics");
    }
}
