package io.soakrig.harness.process;

import io.soakrig.contract.RunLayout;
import io.soakrig.contract.StubReady;
import io.soakrig.profile.StubLaunch;
import io.soakrig.profile.StubRole;
import io.soakrig.profile.StubSpec;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One target stub process, started from a launch file and waited for until both its ports are
 * bound.
 *
 * <p>The stub writes its ports to a ready file; the harness polls for that file with a deadline
 * and gives up early if the child exits first, quoting the end of its log.
 *
 * @param launch    what it was started with, its actual ports filled in
 * @param child     the process
 */
public record StubProcess(StubLaunch launch, ChildProcess child) {
    /** Main class of the target-stubs module, named here because the harness does not compile against it. */
    public static final String STUB_MAIN = "io.soakrig.stubs.StubMain";
    private static final Duration POLL = Duration.ofMillis(50);
    /**
     * The young generation is capped at this fraction of the heap, so that young collections
     * come every few seconds even at a stub's modest allocation rate (real services allocate
     * far more per request): every collection refreshes the heap-after-GC figure the leak
     * detector judges. Left to size itself, G1 grows a stub's young generation until a
     * collection comes only every ten seconds or so, and calling a leak takes twice as long.
     */
    static final int YOUNG_SHARE = 64;
    static final int MMAP_THRESHOLD = 128 << 10;

    /**
     * The JVM options of a stub: its heap, G1 with the young generation capped at
     * {@link #YOUNG_SHARE}, and for a perimeter a direct-memory cap out of the way of the state
     * its overload manager counts. That state is native memory, as Envoy's heap is
     * ({@code ConnectionState} in target-stubs), so nothing in the JVM may stop it before the
     * overload manager sheds or the container limit kills: the cap is twice
     * {@code max_heap_size_bytes} plus the default (the heap size), room for the overshoot of
     * connections admitted together and for Netty's own buffers.
     */
    static List<String> jvmOptions(StubSpec spec) {
        List<String> jvm = new ArrayList<>(List.of("-Xmx" + spec.heapMb() + "m", "-XX:+UseG1GC",
                "-XX:MaxNewSize=" + Math.max(4, spec.heapMb() / YOUNG_SHARE) + "m",
                "-XX:+ExitOnOutOfMemoryError"));
        if (spec.role() == StubRole.PERIMETER) {
            long cap = 2 * spec.perimeter().overload().maxHeapSizeBytes() + ((long) spec.heapMb() << 20);
            jvm.add("-XX:MaxDirectMemorySize=" + cap);
        }
        return jvm;
    }

    /**
     * The environment a stub gets beyond every JVM child's ({@link ChildProcess}, whose fixed trim
     * threshold already keeps glibc's thresholds from moving): its secrets (see {@link StubSecrets}),
     * and for a perimeter glibc's mmap threshold fixed at {@value #MMAP_THRESHOLD} bytes, whatever
     * the environment it inherits says, because its model depends on it. Left dynamic, glibc
     * raises the threshold after the first large block is freed, and later connection state is
     * carved from arenas that keep freed blocks resident; fixed, every block of connection state
     * is its own mapping, unmapped when its connection closes, so the process's memory falls with
     * what the overload manager counts.
     */
    static Map<String, String> environment(StubSpec spec, StubSecrets secrets) {
        Map<String, String> env = new LinkedHashMap<>(secrets.environment());
        if (spec.role() == StubRole.PERIMETER) {
            env.put("MALLOC_MMAP_THRESHOLD_", Integer.toString(MMAP_THRESHOLD));
        }
        return env;
    }

    /**
     * Starts a stub and waits until it is ready.
     *
     * @param prefix command words that put it under its memory limit
     * @throws TargetStartException when the stub exits or is not ready within {@code timeout}
     */
    public static StubProcess start(StubLaunch launch, Path runDir, StubSecrets secrets, List<String> prefix, Duration timeout)
            throws IOException, InterruptedException, TargetStartException {
        String name = launch.target() + "-" + launch.instance();
        RunLayout run = RunLayout.of(runDir);
        Files.createDirectories(run.stubsDir());
        Path launchFile = run.stubLaunch(name);
        Path readyFile = run.stubReady(name);
        launch.write(launchFile);
        Files.deleteIfExists(readyFile);
        ChildProcess child = ChildProcess.start(prefix, STUB_MAIN, jvmOptions(launch.spec()),
                List.of("--launch", launchFile.toString(), "--ready-file", readyFile.toString()),
                environment(launch.spec(), secrets), run.stubLog(name));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(readyFile)) {
            if (!child.isAlive()) {
                throw new TargetStartException("target " + launch.target() + " (instance " + launch.instance()
                        + ") exited before it was ready; see " + child.log() + LogTail.of(child.log()));
            }
            if (System.nanoTime() > deadline) {
                child.stop(Duration.ofSeconds(2));
                throw new TargetStartException("target " + launch.target() + " was not ready within "
                        + timeout.toSeconds() + " s; see " + child.log());
            }
            Thread.sleep(POLL.toMillis());
        }
        StubReady ready = StubReady.read(readyFile);
        StubLaunch bound = launch.withPorts(ready.port(), ready.adminPort());
        return new StubProcess(bound, child);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + launch.port());
    }

    /** The stub's metrics endpoint. */
    public URI metricsUrl() {
        return URI.create("http://127.0.0.1:" + launch.adminPort() + "/metrics");
    }
}
