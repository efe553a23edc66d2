package io.soakrig.harness.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.soakrig.analysis.verdict.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {
    @TempDir
    Path tmp;

    @Test
    void aNonEmptyFolderIsNeverReused() throws IOException {
        Files.writeString(tmp.resolve("latency.hlog"), "last night's run");

        assertThatThrownBy(() -> RunDirectory.create(tmp)).hasMessageContaining("exists and is not empty");
        assertThat(Files.readString(tmp.resolve("latency.hlog"))).isEqualTo("last night's run");
    }

    @Test
    void theManifestRoundTrips() throws IOException {
        RunDirectory dir = RunDirectory.create(tmp.resolve("run"));
        RunManifest manifest = new RunManifest("smoke", 10L, "2026-11-23T00:00:00Z", 42,
                Map.of("backend", "http://127.0.0.1:1234"), RunStatus.completed());

        dir.writeManifest(manifest);

        assertThat(RunDirectory.open(dir.root()).readManifest()).isEqualTo(manifest);
    }

    @Test
    void aFolderWithoutManifestIsNotARun() {
        assertThatThrownBy(() -> RunDirectory.open(tmp)).hasMessageContaining("not a soakrig run directory");
    }

    @Test
    void defaultNamesCarryProfileAndTime() {
        assertThat(RunDirectory.defaultFor(Path.of("reports"), "smoke", LocalDateTime.of(2026, 11, 23, 5, 6, 7)))
                .isEqualTo(Path.of("reports/smoke-20261123-050607"));
    }
}
