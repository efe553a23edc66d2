package io.soakrig.harness.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class HarnessJvmOptionsTest {
    @Test
    void runStartsWithItsHeapTouchedAndTheJarCarriesTheFileTheLauncherReads() throws Exception {
        List<String> options = HarnessJvmOptions.forRun();

        assertThat(options).containsExactly("-Xms256m", "-XX:+AlwaysPreTouch",
                "-XX:+IgnoreUnrecognizedVMOptions", "-XX:+UnlockExperimentalVMOptions", "-XX:TrimNativeHeapInterval=10000");
        Path source = Path.of("src/main/resources/io/soakrig/harness/process/jvm-run.options");
        assertThat(Files.readString(Path.of("../soakrig"))).as("the launcher reads the same file").contains(source.toString());
        assertThat(Files.readAllLines(source).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList()).isEqualTo(options);
    }
}
