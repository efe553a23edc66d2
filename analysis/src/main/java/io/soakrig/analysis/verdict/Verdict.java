package io.soakrig.analysis.verdict;

/** The one-word answer of a run, in the order of precedence in which they are decided. */
public enum Verdict {
    /** The harness or a target failed in a way that prevented measuring. */
    ERROR,
    /** Measurements exist but cannot support an answer (e.g. the run was interrupted). */
    INCONCLUSIVE,
    /** At least one gate failed. */
    FAIL,
    /** Every gate passed. */
    PASS
}
