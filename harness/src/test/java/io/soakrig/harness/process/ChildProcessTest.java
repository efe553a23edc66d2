package io.soakrig.harness.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.contract.NativeHeapTrim;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {
    @Test
    void aRealJvmChildSeesGlibcsFixedTrimThresholdUnlessTheHarnessWasGivenOne(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("child.log");
        ChildProcess child = ChildProcess.start(List.of(), PrintsTrimThreshold.class.getName(), List.of("-Xmx32m"), List.of(),
                Map.of(), log);

        assertThat(child.waitFor(Duration.ofSeconds(60))).as("the child ended").hasValue(0);
        String inherited = System.getenv(NativeHeapTrim.TRIM_THRESHOLD_VARIABLE);
        assertThat(Files.readString(log).strip()).isEqualTo(NativeHeapTrim.environment(System.getenv())
                .getOrDefault(NativeHeapTrim.TRIM_THRESHOLD_VARIABLE, inherited));
    }

    @Test
    void theThresholdIsAddedWhereUnsetTheUsersIsKeptAndTheCallersWins() {
        assertThat(ChildProcess.jvmEnvironment(Map.of(), Map.of("A", "1")))
                .isEqualTo(Map.of("A", "1", NativeHeapTrim.TRIM_THRESHOLD_VARIABLE, NativeHeapTrim.TRIM_THRESHOLD_BYTES));
        assertThat(ChildProcess.jvmEnvironment(Map.of(NativeHeapTrim.TRIM_THRESHOLD_VARIABLE, "4194304"), Map.of("A", "1")))
                .as("the user's value is inherited as it is").isEqualTo(Map.of("A", "1"));
        assertThat(ChildProcess.jvmEnvironment(Map.of(), Map.of(NativeHeapTrim.TRIM_THRESHOLD_VARIABLE, "65536")))
                .isEqualTo(Map.of(NativeHeapTrim.TRIM_THRESHOLD_VARIABLE, "65536"));
    }

    /** The child: prints what its C library was given. */
    public static final class PrintsTrimThreshold {
        public static void main(String[] args) {
            System.out.println(System.getenv(NativeHeapTrim.TRIM_THRESHOLD_VARIABLE));
        }
    }
}
