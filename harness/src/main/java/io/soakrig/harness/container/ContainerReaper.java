package io.soakrig.harness.container;

import io.soakrig.harness.process.ChildProcess;
import io.soakrig.harness.process.TargetStartException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A child JVM that removes the harness's containers when the harness dies, however it dies.
 *
 * <p>Testcontainers' own reaper (Ryuk) is an image pulled from a registry, and needs the engine's
 * socket mounted into it; soakrig runs where neither is a given, so it reaps its own: this child is
 * started behind {@code OrphanGuard} like every child, and when the harness is gone — SIGKILL
 * included, which runs no shutdown hook in the harness — the guard ends this JVM, whose shutdown
 * hook removes every container (and the run network) labelled with the harness's pid. The engine client is connected
 * before the harness relies on it, so the hook only lists and removes.
 */
public final class ContainerReaper {
    private ContainerReaper() {
    }

    /** Usage: {@code ContainerReaper HARNESS_PID}. */
    public static void main(String[] args) throws Exception {
        long owner = Long.parseLong(args[0]);
        ContainerEngine engine = ContainerEngine.connect();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> engine.removeOwnedBy(owner), "container-reaper"));
        System.out.println(READY + owner);
        Thread.sleep(Long.MAX_VALUE);
    }

    /**
     * Starts the reaper for this harness, its log in {@code logDir}, and waits until it is
     * connected to the engine.
     */
    static ChildProcess start(Path logDir) throws IOException, InterruptedException, TargetStartException {
        Path log = logDir.resolve("container-reaper.log");
        ChildProcess reaper = ChildProcess.start(List.of(), ContainerReaper.class.getName(),
                List.of("-Xmx48m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                List.of(Long.toString(ProcessHandle.current().pid())), Map.of(), log);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!(Files.exists(log) && Files.readString(log).contains(READY))) {
            if (!reaper.isAlive() || System.nanoTime() > deadline) {
                reaper.stop(Duration.ofSeconds(1));
                throw new TargetStartException("the container reaper did not start; see " + log);
            }
            Thread.sleep(50);
        }
        return reaper;
    }

    private static final String READY = "reaper ready for ";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
}
