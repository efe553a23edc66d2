package io.soakrig.harness.kubernetes;

import io.soakrig.harness.workers.WorkerProtocol;
import java.time.Duration;

/**
 * The Job's {@code activeDeadlineSeconds}: the plan, the time the pods get to be scheduled and
 * register, the time their generators get to be ready and be given the shared start, the
 * generator's overrun, and a margin for the last
 * delivery. Kubernetes then ends the pods itself if the coordinator is gone without cleaning up
 * (killed), so no worker outlives its run by more than this — the same bound a local worker has.
 */
public final class JobDeadline {
    /**
     * From the registration to the latest shared start, as a worker bounds it on its own clock:
     * the coordinator's wait for every generator to be ready, plus the worker's bound without it.
     */
    static final Duration LEAD = WorkerProtocol.READY_WITHIN.plus(WorkerProtocol.LOST_AFTER);
    /** The generator's allowance past the plan ({@code WorkerRun.OVERRUN}). */
    static final Duration OVERRUN = Duration.ofSeconds(120);
    /** For the last delivery and the pod's exit. */
    static final Duration MARGIN = Duration.ofSeconds(60);

    private JobDeadline() {
    }

    /** The deadline for a plan of {@code planned} whose pods get {@code registration} to register. */
    public static Duration of(Duration planned, Duration registration) {
        return planned.plus(registration).plus(LEAD).plus(OVERRUN).plus(MARGIN);
    }
}
