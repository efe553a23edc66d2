package io.soakrig.profile;

/** gRPC retry throttling: retries only while more than half of {@code maxTokens} remain; a success returns {@code tokenRatio}. */
public record TokenBucketSpec(Integer maxTokens, Double tokenRatio) {
    void check(Checks at) {
        if (at.at("maxTokens").require(maxTokens) && !Limits.BUCKET_TOKENS.contains(maxTokens)) {
            at.at("maxTokens").fail("must be " + Limits.BUCKET_TOKENS.min() + ".." + Limits.BUCKET_TOKENS.max() + ", was " + maxTokens);
        }
        if (at.at("tokenRatio").require(tokenRatio) && maxTokens != null && !(tokenRatio > 0 && tokenRatio <= maxTokens)) {
            at.at("tokenRatio").fail("must be in (0, maxTokens], was " + tokenRatio);
        }
    }
}
