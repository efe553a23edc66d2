package io.soakrig.profile;

/**
 * A canary comparison: the traffic is sent, identically, to both targets, and the canary is
 * judged against the baseline (memory growth, latency per endpoint, error rate).
 *
 * @param baseline           the target running the known-good version
 * @param canary             the target running the candidate
 * @param latencyTolerance   how much slower the canary may be, as a share of the baseline's
 *                           median (0.2 when absent)
 * @param latencyToleranceMs the least slow-down that counts, milliseconds (1 when absent):
 *                           a share of a sub-millisecond median is scheduling noise
 * @param errorRateTolerance how much higher the canary's error rate may be, absolute (0.01)
 * @param significance       chance of a wrong FAIL or PASS per finding (0.01 when absent)
 */
public record CanarySpec(String baseline, String canary, Double latencyTolerance, Double latencyToleranceMs,
                         Double errorRateTolerance, Double significance) {
    public CanarySpec {
        latencyTolerance = latencyTolerance == null ? 0.2 : latencyTolerance;
        latencyToleranceMs = latencyToleranceMs == null ? 1.0 : latencyToleranceMs;
        errorRateTolerance = errorRateTolerance == null ? 0.01 : errorRateTolerance;
        significance = significance == null ? 0.01 : significance;
    }

    /** Checks the comparison's own settings; whether its arms name targets is {@link References}'. */
    void check(Checks at) {
        at.at("baseline").require(baseline);
        at.at("canary").require(canary);
        if (baseline != null && baseline.equals(canary)) {
            at.at("canary").fail("must be a different target from the baseline, both were '" + canary + "'");
        }
        if (!(latencyTolerance >= 0 && latencyTolerance <= 10)) {
            at.at("latencyTolerance").fail("must be a share between 0 and 10, was " + latencyTolerance);
        }
        if (!(latencyToleranceMs >= 0)) {
            at.at("latencyToleranceMs").fail("must be >= 0 milliseconds, was " + latencyToleranceMs);
        }
        if (!(errorRateTolerance >= 0 && errorRateTolerance < 1)) {
            at.at("errorRateTolerance").fail("must be a share between 0 and 1, was " + errorRateTolerance);
        }
        if (!(significance > 0 && significance < 0.5)) {
            at.at("significance").fail("must be between 0 and 0.5 (exclusive), was " + significance);
        }
    }
}
