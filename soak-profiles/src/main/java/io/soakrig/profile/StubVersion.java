package io.soakrig.profile;

/**
 * The behaviour version a stub runs, named as the seed's releases were: the recommendation service
 * is healthy in {@code v3.2.0} and keeps every user context forever in {@code v3.2.1} (the March
 * 2022 leak). Other roles behave alike in both.
 */
public enum StubVersion implements Keyword {
    /** The healthy release. */
    V3_2_0,
    /** The release with the seed's leak. */
    V3_2_1;

    /** {@code v3.2.0}, {@code v3.2.1}. */
    @Override
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '.');
    }

    /** The version written {@code id}. @throws IllegalArgumentException naming the known versions */
    public static StubVersion of(String id) {
        return Keyword.of(StubVersion.class, id);
    }

    @Override
    public String toString() {
        return id();
    }
}
