package io.soakrig.harness.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.contract.NativeHeapTrim;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HarnessJvmOptionsTest {
    @Test
    void runStartsWithItsHeapTouchedAndItsCHeapTrimmedAndTheJarCarriesTheFileTheLauncherReads() throws Exception {
        List<String> options = HarnessJvmOptions.forRun();

        List<String> expected = new ArrayList<>(List.of("-Xms256m", "-XX:+AlwaysPreTouch"));
        expected.addAll(NativeHeapTrim.options(Runtime.version()));
        assertThat(options).containsExactlyElementsOf(expected);
        Path source = Path.of("src/main/resources/io/soakrig/harness/process/jvm-run.options");
        String launcher = Files.readString(Path.of("../soakrig"));
        assertThat(launcher).as("the launcher reads the same file").contains(source.toString());
        assertThat(Files.readAllLines(source).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList())
                .isEqualTo(List.of("-Xms256m", "-XX:+AlwaysPreTouch"));
        assertThat(launcher).as("the launcher offers the JDK the same trim options")
                .contains("trim=(" + String.join(" ", NativeHeapTrim.options(Runtime.Version.parse("17.0.9"))) + ")");
        assertThat(launcher).as("the launcher fixes glibc's trim threshold as NativeHeapTrim does, the user's value first")
                .contains("export " + NativeHeapTrim.TRIM_THRESHOLD_VARIABLE + "=\"${" + NativeHeapTrim.TRIM_THRESHOLD_VARIABLE
                        + ":-" + NativeHeapTrim.TRIM_THRESHOLD_BYTES + "}\"");
    }
}
