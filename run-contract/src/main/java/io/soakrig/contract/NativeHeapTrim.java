package io.soakrig.contract;

import java.util.List;
import java.util.Map;

/**
 * The JVM options that make a long-lived JVM give freed C-heap memory back to the system
 * ({@code -XX:TrimNativeHeapInterval}, JDK-8293114): glibc keeps what the JVM frees in its arenas,
 * so a JVM whose Java heap is flat can still see its RSS step up over a soak and never come down.
 * The JVM calls {@code malloc_trim} every {@link #INTERVAL_MILLIS} ms (about 1.5 ms each here).
 *
 * <p>Only JDKs that have the trimmer get the options: 17.0.9 and later 17s (where it was
 * experimental until 17.0.11, hence the unlock), 21.0.1 and later 21s, and 22 onwards. An older
 * JDK would refuse to start with them, so it is started without.
 *
 * <p>The trim alone does not give back everything: see {@link #environment}, which such a JVM is
 * started with too.
 */
public final class NativeHeapTrim {
    /** How often the JVM trims its C heap. */
    public static final int INTERVAL_MILLIS = 10_000;

    /** The variable through which glibc takes a fixed trim threshold. */
    public static final String TRIM_THRESHOLD_VARIABLE = "MALLOC_TRIM_THRESHOLD_";
    /** glibc's own initial trim threshold, 128 KiB, kept fixed. */
    public static final String TRIM_THRESHOLD_BYTES = "131072";

    private NativeHeapTrim() {
    }

    /** The options for a JVM of {@code version}: empty where that JDK has no trimmer. */
    public static List<String> options(Runtime.Version version) {
        return supported(version)
                ? List.of("-XX:+UnlockExperimentalVMOptions", "-XX:TrimNativeHeapInterval=" + INTERVAL_MILLIS)
                : List.of();
    }

    private static boolean supported(Runtime.Version version) {
        return switch (version.feature()) {
            case 17 -> version.update() >= 9;
            case 18, 19, 20 -> false;
            case 21 -> version.update() >= 1;
            default -> version.feature() > 21;
        };
    }

    /**
     * The environment a long-lived JVM is started with beside {@link #options}: glibc's trim
     * threshold fixed at 128 KiB, unless {@code inherited} sets it already (the user's value wins;
     * an empty value counts as unset, as it does for the launcher's {@code ${VAR:-…}}).
     *
     * <p>Why: {@code malloc_trim} gives back the free pages inside every arena but not the free top of
     * a thread's arena. Only {@code free} gives that back, and only when it is larger than the trim
     * threshold, which glibc raises by itself to twice the largest mapped block it has freed (up to
     * 64 MiB): in the harness it stood at 5.9 MB, in the Gatling JVM at 4.2 MB, 75 s after start. One
     * passing peak of a few MB in a thread then stays resident for the rest of the run: the harness's
     * RSS stepped up 2.8 MiB, in one arena, 66 minutes into a 95-minute self-soak, and never came
     * down. A fixed threshold also fixes glibc's mmap threshold at 128 KiB, so a block that large gets
     * a mapping of its own, given back when it is freed. glibc reads the variable once, at the
     * process's start; other C libraries ignore it.
     */
    public static Map<String, String> environment(Map<String, String> inherited) {
        String set = inherited.get(TRIM_THRESHOLD_VARIABLE);
        return set != null && !set.isEmpty() ? Map.of() : Map.of(TRIM_THRESHOLD_VARIABLE, TRIM_THRESHOLD_BYTES);
    }
}
