package io.soakrig.analysis.verdict;

/**
 * How a run ended, as the harness saw it; the recordings alone cannot tell a run that finished
 * from one that was killed, and the verdict depends on it.
 *
 * @param state  how it ended
 * @param reason why, for anything but {@link State#COMPLETED}; null otherwise
 */
public record RunStatus(State state, String reason) {
    public enum State { RUNNING, COMPLETED, INTERRUPTED, FAILED }

    public static RunStatus completed() {
        return new RunStatus(State.COMPLETED, null);
    }
}
