package io.soakrig.harness.kubernetes;

import java.util.Locale;

/**
 * The name a run's Kubernetes objects carry, in their names and in the {@value WorkerJob#RUN_LABEL}
 * label: a DNS-1123 label short enough that the Job's pods ({@code soakrig-<run>-<index>-<5>})
 * stay within Kubernetes' 63 characters, so a name that fits here is never refused by the API.
 *
 * @param value lower-case letters, digits and inner dashes, at most {@value #MAX} characters
 */
public record RunName(String value) {
    /** At most this long: {@code soakrig-} (8), the index (up to 2) and the pod's suffix (7) leave room under 63. */
    public static final int MAX = 40;

    public RunName {
        if (value == null || value.isEmpty() || value.length() > MAX || !value.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?")) {
            throw new IllegalArgumentException("a run name is 1.." + MAX + " lower-case letters, digits and inner dashes, was " + value);
        }
    }

    /** The closest run name to {@code text} (a profile's or run directory's name): lower-cased, other characters as dashes, cut to {@value #MAX}. */
    public static RunName of(String text) {
        String name = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        if (name.length() > MAX) {
            name = name.substring(name.length() - MAX);
        }
        name = name.replaceAll("^-+|-+$", "");
        return new RunName(name.isEmpty() ? "run" : name);
    }

    @Override
    public String toString() {
        return value;
    }
}
