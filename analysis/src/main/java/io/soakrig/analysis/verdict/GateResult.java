package io.soakrig.analysis.verdict;

/**
 * One gate as judged: what it checked, how it came out and the figures, in one line. The verdict
 * is derived from these, and CI tools see each as a test case ({@code junit.xml}).
 *
 * @param gate    what was checked, e.g. {@code p99 latency} or {@code canary memory}
 * @param outcome PASSED, FAILED, or NOT_JUDGED when the measurement cannot support an answer
 * @param message the reason line, with the figures
 */
public record GateResult(String gate, Outcome outcome, String message) {
    /** How a gate came out. */
    public enum Outcome { PASSED, FAILED, NOT_JUDGED }
}
