package io.soakrig.profile;

/**
 * Envoy's cluster retry budget: active retries may be at most max({@code minRetryConcurrency},
 * {@code budgetPercent} % of active requests).
 *
 * @param budgetPercent       0..100 (default 20)
 * @param minRetryConcurrency retries always allowed (default 3)
 */
public record RetryBudget(Double budgetPercent, Integer minRetryConcurrency) {
    public RetryBudget {
        budgetPercent = budgetPercent == null ? 20.0 : budgetPercent;
        minRetryConcurrency = minRetryConcurrency == null ? 3 : minRetryConcurrency;
    }

    void check(Checks at) {
        if (!(budgetPercent >= 0 && budgetPercent <= 100)) {
            at.at("budgetPercent").fail("must be between 0 and 100");
        }
    }
}
