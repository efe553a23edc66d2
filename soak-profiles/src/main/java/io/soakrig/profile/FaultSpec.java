package io.soakrig.profile;

import java.time.Duration;
import java.util.List;

/**
 * Faults injected into every request before the stub's own behaviour. All are optional and
 * compose: a request may be delayed, then stalled, then answered with an error.
 *
 * @param latency    added latency; fixed, or the median of a log-normal when {@code latencyP99} is set
 * @param latencyP99 99th percentile of the log-normal latency, > latency
 * @param errorRate  share of requests answered with {@code errorStatus}, 0..1
 * @param errorStatus status of injected errors, 500..599 (default 503)
 * @param stallEvery period of stalls: every this often the whole stub freezes…
 * @param stallFor   …for this long (a stop-the-world pause, as a long GC would cause)
 * @param resetRate  share of connections reset without an answer, 0..1
 * @param leakBytes  bytes retained forever per request (a generic leak for any stub)
 * @param hangRate   share of requests never answered, 0..1: the connection stays open and silent,
 *                   as behind a wedged thread or a lost upstream reply, until the client gives up
 */
public record FaultSpec(
        Duration latency,
        Duration latencyP99,
        Double errorRate,
        Integer errorStatus,
        Duration stallEvery,
        Duration stallFor,
        Double resetRate,
        Integer leakBytes,
        Double hangRate) {
    public static final FaultSpec NONE = new FaultSpec(null, null, null, null, null, null, null, null, null);

    public FaultSpec {
        errorStatus = errorStatus == null ? 503 : errorStatus;
    }

    /** Most bytes the leak fault may retain per request: 10 MiB. */
    public static final int MAX_LEAK_BYTES = 10 << 20;

    /**
     * Reads the per-request override header: comma-separated {@code key=value} pairs with the
     * same keys as in a profile, e.g. {@code errorRate=1, latency=20ms}. An empty header means
     * no faults for this request.
     *
     * @throws IllegalArgumentException naming the key that is unknown, malformed or out of range
     */
    public static FaultSpec fromHeader(String header) {
        try {
            return parse(header);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fault header: " + e.getMessage(), e);
        }
    }

    /**
     * Reads faults written in the header's syntax ({@code errorRate=0.1, latency=20ms}) and
     * holds them to the same rules as a profile's, so a header or a flag cannot ask for what a
     * profile may not (an error rate of 2, a 2 GiB leak per request).
     *
     * @throws IllegalArgumentException naming the first key that is unknown, malformed or out of range
     */
    public static FaultSpec parse(String spec) {
        java.util.Map<String, String> v = new java.util.HashMap<>();
        for (String pair : spec.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            String[] kv = pair.split("=", 2);
            String key = kv[0].strip();
            if (kv.length != 2 || !HEADER_KEYS.contains(key)) {
                throw new IllegalArgumentException("expected key=value with keys " + HEADER_KEYS + ", got '" + pair.strip() + "'");
            }
            v.put(key, kv[1].strip());
        }
        FaultSpec faults = new FaultSpec(duration(v, "latency"), duration(v, "latencyP99"), number(v, "errorRate"),
                integer(v, "errorStatus"), duration(v, "stallEvery"), duration(v, "stallFor"),
                number(v, "resetRate"), integer(v, "leakBytes"), number(v, "hangRate"));
        faults.problems().stream().findFirst().ifPresent(p -> {
            throw new IllegalArgumentException(p.key() + ": " + p.message());
        });
        return faults;
    }

    /** A rule these faults break: the key, as a profile and the header spell it, and what is wrong. */
    public record Problem(String key, String message) {
    }

    /** Reports every rule these faults break, each at its key under {@code at}. */
    void check(Checks at) {
        problems().forEach(p -> at.at(p.key()).fail(p.message()));
    }

    /** Every rule these faults break, in key order; empty when they can be injected. */
    public List<Problem> problems() {
        List<Problem> problems = new java.util.ArrayList<>();
        share(errorRate, "errorRate", problems);
        share(resetRate, "resetRate", problems);
        share(hangRate, "hangRate", problems);
        if (errorStatus < 500 || errorStatus > 599) {
            problems.add(new Problem("errorStatus", "must be between 500 and 599, was " + errorStatus));
        }
        if (leakBytes != null && (leakBytes < 0 || leakBytes > MAX_LEAK_BYTES)) {
            problems.add(new Problem("leakBytes", "must be between 0 and " + MAX_LEAK_BYTES + ", was " + leakBytes));
        }
        if (latency != null && latency.isNegative()) {
            problems.add(new Problem("latency", "must not be negative"));
        }
        if (stallFor != null && stallFor.isNegative()) {
            problems.add(new Problem("stallFor", "must not be negative"));
        }
        if (latencyP99 != null && (latency == null || latencyP99.compareTo(latency) <= 0)) {
            problems.add(new Problem("latencyP99", "needs latency (the median) and must be longer than it"));
        }
        if ((stallEvery == null) != (stallFor == null)) {
            problems.add(new Problem(stallEvery == null ? "stallEvery" : "stallFor", "stallEvery and stallFor go together"));
        } else if (stallEvery != null && (stallEvery.isZero() || stallEvery.isNegative())) {
            problems.add(new Problem("stallEvery", "must be longer than zero"));
        } else if (stallEvery != null && stallFor.compareTo(stallEvery) >= 0) {
            problems.add(new Problem("stallFor", "must be shorter than stallEvery"));
        }
        return problems;
    }

    private static void share(Double value, String key, List<Problem> problems) {
        if (value != null && !(value >= 0 && value <= 1)) {
            problems.add(new Problem(key, "must be a share between 0 and 1, was " + value));
        }
    }

    private static final java.util.List<String> HEADER_KEYS = java.util.List.of(
            "latency", "latencyP99", "errorRate", "errorStatus", "stallEvery", "stallFor", "resetRate", "leakBytes", "hangRate");

    private static Duration duration(java.util.Map<String, String> values, String key) {
        String s = values.get(key);
        try {
            return s == null ? null : ProfileDurations.parse(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    private static Double number(java.util.Map<String, String> values, String key) {
        String s = values.get(key);
        try {
            return s == null ? null : Double.valueOf(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": must be a number, was '" + s + "'", e);
        }
    }

    private static Integer integer(java.util.Map<String, String> values, String key) {
        String s = values.get(key);
        try {
            return s == null ? null : Integer.valueOf(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": must be a whole number, was '" + s + "'", e);
        }
    }
}
