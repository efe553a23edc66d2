package io.soakrig.harness.workers;

import java.nio.file.Path;
import java.util.Map;

/**
 * One worker as the process or system that runs it sees it — alive, or ended with a code — as
 * opposed to the {@link Coordinator}'s view (what it delivered). The run needs both: a worker that
 * died is missing at once, whatever it delivered last.
 */
public interface WorkerHandle {
    /** Whether it may still deliver: starting, waiting or running. */
    boolean alive();

    /** How it ended, 0 for a share played; null while {@link #alive()}. */
    Integer exitCode();

    /** Names it in a reason, e.g. {@code pid 4242} or {@code pod soakrig-x-1-abcde (Failed: Error)}. */
    String label();

    /** Its own log, in the run directory. */
    Path log();

    /** What {@code workers.json} shows of it besides its state, e.g. its pid or pod. */
    Map<String, Object> identity();
}
