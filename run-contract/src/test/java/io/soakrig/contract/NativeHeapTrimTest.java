package io.soakrig.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NativeHeapTrimTest {
    @Test
    void onlyJdksWithTheTrimmerGetTheOptionsSoThatAnOlderOneStillStarts() {
        assertThat(NativeHeapTrim.options(Runtime.Version.parse("17.0.8"))).isEmpty();
        assertThat(NativeHeapTrim.options(Runtime.Version.parse("20.0.2"))).isEmpty();
        assertThat(NativeHeapTrim.options(Runtime.Version.parse("21"))).isEmpty();
        assertThat(NativeHeapTrim.options(Runtime.Version.parse("17.0.9")))
                .containsExactly("-XX:+UnlockExperimentalVMOptions", "-XX:TrimNativeHeapInterval=10000");
        assertThat(NativeHeapTrim.options(Runtime.Version.parse("21.0.1"))).hasSize(2);
        assertThat(NativeHeapTrim.options(Runtime.Version.parse("25"))).hasSize(2);
    }

    @Test
    void thisJdkStartsWithTheOptionsAndTrims() throws IOException, InterruptedException {
        List<String> options = NativeHeapTrim.options(Runtime.version());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(options);
        command.addAll(List.of("-Xlog:trimnative=info", "-version"));
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(java.waitFor(30, TimeUnit.SECONDS)).as("java -version ended").isTrue();
        assertThat(java.exitValue()).as(output).isZero();
        if (!options.isEmpty()) {
            assertThat(output).as("logged as the JVM starts; a C library without malloc_trim (musl) only warns")
                    .containsAnyOf("Periodic native trim enabled (interval: " + NativeHeapTrim.INTERVAL_MILLIS + " ms)",
                            "Native heap trim is not supported on this platform");
        }
    }

    @Test
    void glibcsTrimThresholdIsFixedAtItsOwnDefaultUnlessTheUserSetsIt() {
        assertThat(NativeHeapTrim.environment(Map.of("PATH", "/usr/bin")))
                .containsExactly(Map.entry("MALLOC_TRIM_THRESHOLD_", "131072"));
        assertThat(NativeHeapTrim.environment(Map.of("MALLOC_TRIM_THRESHOLD_", "4194304"))).isEmpty();
        assertThat(NativeHeapTrim.environment(Map.of("MALLOC_TRIM_THRESHOLD_", "")))
                .as("empty is unset, as for the launcher; glibc would read it as 0")
                .containsExactly(Map.entry("MALLOC_TRIM_THRESHOLD_", "131072"));
    }
}
