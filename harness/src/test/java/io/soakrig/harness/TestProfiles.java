package io.soakrig.harness;

/**
 * The smallest profiles the harness's tests run, written once: one target and one endpoint,
 * {@code /items}, called at a constant rate. Tests that need more add their own sections.
 */
public final class TestProfiles {
    private TestProfiles() {
    }

    /**
     * A profile {@code name} whose one target, {@code api}, is the service at {@code url}. Line 11
     * is the arrival step's rate, for tests of the loader's {@code file:line} messages.
     */
    public static String urlTarget(String name, String url, int rate, String duration) {
        return """
                name: %s
                targets:
                  api:
                    url: %s
                """.formatted(name, url) + traffic("api", rate, duration);
    }

    /** The traffic section: {@code target}'s {@code /items} at {@code rate} requests a second for {@code duration}. */
    public static String traffic(String target, int rate, String duration) {
        return """
                traffic:
                  target: %s
                  endpoints:
                    - name: items
                      path: /items
                  arrivals:
                    - constant: { rate: %d, duration: %s }
                """.formatted(target, rate, duration);
    }
}
