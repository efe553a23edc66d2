package io.soakrig.harness;

import io.soakrig.analysis.verdict.Verdict;

/**
 * soakrig's exit codes, which CI jobs act on. A crash is never 0: anything unexpected is
 * {@link #NO_VERDICT}.
 */
public final class ExitCodes {
    /** Every gate passed. */
    public static final int PASS = 0;
    /** A gate failed. */
    public static final int GATE_FAILED = 1;
    /** Invalid input: profile, flags, or a target that is not allowed. Nothing was started. */
    public static final int INVALID_INPUT = 2;
    /** The harness or a target failed, or the run was cut short: no verdict could be reached. */
    public static final int NO_VERDICT = 3;
    /** Interrupted by the user (SIGINT). */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }

    public static int of(Verdict verdict) {
        return switch (verdict) {
            case PASS -> PASS;
            case FAIL -> GATE_FAILED;
            case INCONCLUSIVE, ERROR -> NO_VERDICT;
        };
    }
}
