package io.soakrig.contract;

import java.util.List;

/**
 * The JVM options that make a long-lived JVM give freed C-heap memory back to the system
 * ({@code -XX:TrimNativeHeapInterval}, JDK-8293114): glibc keeps what the JVM frees in its arenas,
 * so a JVM whose Java heap is flat can still see its RSS step up over a soak and never come down.
 * The JVM calls {@code malloc_trim} every {@link #INTERVAL_MILLIS} ms (about 1.5 ms each here).
 *
 * <p>Only JDKs that have the trimmer get the options: 17.0.9 and later 17s (where it was
 * experimental until 17.0.11, hence the unlock), 21.0.1 and later 21s, and 22 onwards. An older
 * JDK would refuse to start with them, so it is started without.
 */
public final class NativeHeapTrim {
    /** How often the JVM trims its C heap. */
    public static final int INTERVAL_MILLIS = 10_000;

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
}
