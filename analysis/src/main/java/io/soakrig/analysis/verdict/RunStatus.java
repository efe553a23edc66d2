package io.soakrig.analysis.verdict;

/**
 * How a run ended, as the harness saw it; the recordings alone cannot tell a run that finished
 * from one that was killed, and the verdict depends on it.
 *
 * <p>{@link State#RECORDING_CUT} is never written by a run: {@code report} finds it when a
 * completed run's recordings are shorter than the run left them, and judging what is left would
 * judge part of the run as if it were all of it.
 *
 * <p>{@link State#UNRECORDED}: the user's own simulation ran to its end but recorded nothing
 * through soakrig's library, so there is nothing to judge — and nothing may pass.
 *
 * <p>{@link State#SHARE_MISSING} is a run spread over workers of which one died, stalled or never
 * started: part of the planned load was never sent, so nothing measured can stand for the plan.
 *
 * @param state  how it ended
 * @param reason why, for anything but {@link State#COMPLETED}; null otherwise
 */
public record RunStatus(State state, String reason) {
    public enum State { RUNNING, COMPLETED, INTERRUPTED, FAILED, RECORDING_CUT, UNRECORDED, SHARE_MISSING }

    public static RunStatus completed() {
        return new RunStatus(State.COMPLETED, null);
    }
}
