package io.soakrig.contract.latency;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The tag of one histogram series in {@code latency.hlog}: which logical request it measures and
 * how. The scheme, written {@code [<arm>/]<endpoint>[.ko|.try]}:
 * <ul>
 *   <li>{@code <endpoint>} — logical requests that succeeded (retries and back-off included);
 *   <li>{@code <endpoint>.ko} — logical requests that failed after every retry allowed;
 *   <li>{@code <endpoint>.try} — each single attempt: attempts over logical requests is the
 *       client's amplification. Attempt series are not logical requests and stay out of totals.
 * </ul>
 * A canary run prefixes every tag with its arm ({@code baseline/}, {@code canary/}): the same
 * endpoint measured against two targets. The <em>request</em> of a tag is the tag without its
 * kind: the key {@code requests.json} counts started requests under.
 *
 * <p>Tags appear as {@code Tag=<tag>,} in the log, so the parts use letters, digits, '.', '_' and
 * '-' only, and an endpoint cannot itself end in a kind's suffix (its tags would be ambiguous).
 *
 * @param arm      the canary arm, empty outside a canary run
 * @param endpoint the endpoint's name
 * @param kind     what the series measures
 */
public record LatencyTag(String arm, String endpoint, Kind kind) {
    /** What a series measures; each kind but {@link #OK} has a suffix. */
    public enum Kind {
        OK(""), FAILED(".ko"), ATTEMPT(".try");

        private final String suffix;

        Kind(String suffix) {
            this.suffix = suffix;
        }

        public String suffix() {
            return suffix;
        }

        /** Whether series of this kind count logical requests (attempts do not). */
        public boolean logical() {
            return this != ATTEMPT;
        }
    }

    /** The arm measured against the baseline target in a canary run. */
    public static final String BASELINE_ARM = "baseline";
    /** The arm measured against the canary target. */
    public static final String CANARY_ARM = "canary";
    /** The arms of a canary run, in the order of the profile's traffic targets. */
    public static final List<String> CANARY_ARMS = List.of(BASELINE_ARM, CANARY_ARM);
    public static final char ARM_SEPARATOR = '/';
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9._-]+");
    /** One line of the latency log's header comment describing this scheme to a human reader. */
    public static final String SCHEME = "tags are <endpoint> (ok), <endpoint>" + Kind.FAILED.suffix + " (failed) and <endpoint>"
            + Kind.ATTEMPT.suffix + " (each attempt), prefixed <arm>" + ARM_SEPARATOR + " in a canary run";

    public LatencyTag {
        if (arm == null) {
            arm = "";
        }
        if (kind == null) {
            throw new IllegalArgumentException("a latency tag needs a kind");
        }
        if (!arm.isEmpty() && !PART.matcher(arm).matches()) {
            throw new IllegalArgumentException("a canary arm uses letters, digits, '.', '_', '-', was '" + arm + "'");
        }
        if (endpoint == null || !PART.matcher(endpoint).matches()) {
            throw new IllegalArgumentException("latency tags use letters, digits, '.', '_', '-' and one '/', was '"
                    + (arm.isEmpty() ? "" : arm + ARM_SEPARATOR) + endpoint + "'");
        }
        for (Kind k : Kind.values()) {
            if (k != Kind.OK && endpoint.endsWith(k.suffix)) {
                throw new IllegalArgumentException("an endpoint's name cannot end in '" + k.suffix + "' (the latency log's "
                        + k.name().toLowerCase(java.util.Locale.ROOT) + " suffix), was '" + endpoint + "'");
            }
        }
    }

    /** The tag of {@code endpoint}'s series of {@code kind}, outside a canary run. */
    public static LatencyTag of(String endpoint, Kind kind) {
        return new LatencyTag("", endpoint, kind);
    }

    /**
     * Reads a tag as written in the log.
     *
     * @throws IllegalArgumentException when {@code tag} does not follow the scheme
     */
    public static LatencyTag parse(String tag) {
        if (tag == null) {
            throw new IllegalArgumentException("an untagged series has no latency tag");
        }
        int slash = tag.indexOf(ARM_SEPARATOR);
        String arm = slash < 0 ? "" : tag.substring(0, slash);
        if (slash == 0) {
            throw new IllegalArgumentException("latency tag '" + tag + "' has an empty arm");
        }
        String rest = tag.substring(slash + 1);
        for (Kind k : List.of(Kind.FAILED, Kind.ATTEMPT)) {
            if (rest.endsWith(k.suffix)) {
                return new LatencyTag(arm, rest.substring(0, rest.length() - k.suffix.length()), k);
            }
        }
        return new LatencyTag(arm, rest, Kind.OK);
    }

    /** Reads a tag, or nothing for the untagged total line or a tag outside the scheme. */
    public static Optional<LatencyTag> tryParse(String tag) {
        try {
            return Optional.of(parse(tag));
        } catch (IllegalArgumentException notOurs) {
            return Optional.empty();
        }
    }

    /** The kind of the series tagged {@code tag} as written, without building the tag. */
    public static Kind kindOf(String tag) {
        for (Kind k : List.of(Kind.FAILED, Kind.ATTEMPT)) {
            if (tag.endsWith(k.suffix)) {
                return k;
            }
        }
        return Kind.OK;
    }

    /** The request key of a written tag: the tag without its kind's suffix. */
    public static String requestOf(String tag) {
        return tag.substring(0, tag.length() - kindOf(tag).suffix.length());
    }

    /** The same request measured as {@code other}. */
    public LatencyTag as(Kind other) {
        return new LatencyTag(arm, endpoint, other);
    }

    /** The same series under a canary arm. */
    public LatencyTag inArm(String armName) {
        return new LatencyTag(armName, endpoint, kind);
    }

    /** The logical request this series belongs to: {@code [<arm>/]<endpoint>}, the key of {@code requests.json}. */
    public String request() {
        return armed(arm, endpoint);
    }

    /**
     * {@code name} under canary arm {@code arm} ({@code <arm>/<name>}), or {@code name} itself
     * when {@code arm} is empty: how a canary run keeps its arms' tags, and their populations in
     * {@code arrivals.csv}, apart.
     */
    public static String armed(String arm, String name) {
        return arm.isEmpty() ? name : arm + ARM_SEPARATOR + name;
    }

    /** Whether this series counts logical requests. */
    public boolean logical() {
        return kind.logical();
    }

    /** The tag as written in the log. */
    @Override
    public String toString() {
        return request() + kind.suffix;
    }
}
