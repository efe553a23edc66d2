package io.soakrig.harness.process;

import io.soakrig.contract.NativeHeapTrim;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The harness JVM's own options for the commands that stay up for a whole soak ({@code run},
 * {@code kubernetes run}), kept in one file, {@code jvm-run.options}, beside this class: a JVM's heap
 * cannot be set from inside it, so whatever starts the harness must pass them, and the launcher,
 * the Maven plugin and the self-soak must start it alike. The file says why each option is there.
 * The JVM it starts runs on this JVM's JDK ({@code java.home}), so this JDK's version decides the trim.
 * Its environment must add {@link #environmentForRun()}, which no option can set: the Maven plugin adds
 * it, and the launcher exports the same variable itself.
 */
public final class HarnessJvmOptions {
    private static final String FILE = "jvm-run.options";

    private HarnessJvmOptions() {
    }

    /**
     * The options for {@code run} on a JVM of this one's JDK, in order: the file's, then the C-heap
     * trim where that JDK has it ({@link NativeHeapTrim}).
     */
    public static List<String> forRun() {
        try (InputStream in = HarnessJvmOptions.class.getResourceAsStream(FILE)) {
            if (in == null) {
                throw new IllegalStateException(FILE + " is missing from the harness jar");
            }
            List<String> options = new ArrayList<>(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList());
            options.addAll(NativeHeapTrim.options(Runtime.version()));
            return List.copyOf(options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The variables added to the environment of a {@code run}'s JVM: glibc's fixed trim threshold
     * ({@link NativeHeapTrim#environment}) unless this process's environment sets one already. The
     * harness's children inherit it.
     */
    public static Map<String, String> environmentForRun() {
        return NativeHeapTrim.environment(System.getenv());
    }
}
