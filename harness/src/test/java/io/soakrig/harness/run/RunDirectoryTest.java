package io.soakrig.harness.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.soakrig.analysis.verdict.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
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
    void aFolderIsClaimedByOneRunOnly() throws IOException {
        Path root = tmp.resolve("run");
        RunDirectory.create(root);

        assertThatThrownBy(() -> RunDirectory.create(root)).as("the first run has not written anything yet")
                .hasMessage("run directory " + root + " is in use by another run (run.lock exists); choose another --out");
        assertThat(root.resolve(RunDirectory.LOCK)).as("the first run's claim stands").exists();
    }

    @Test
    void ofRunsStartedAtOnceOnAnEmptyFolderExactlyOneGetsIt() throws Exception {
        for (int round = 0; round < 20; round++) {
            Path root = tmp.resolve("race-" + round);
            int runs = 4;
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(runs);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(runs);
            try {
                List<java.util.concurrent.Future<RunDirectory>> claims = new java.util.ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    claims.add(pool.submit(() -> {
                        start.await();
                        return RunDirectory.create(root);
                    }));
                }
                int won = 0;
                for (var claim : claims) {
                    try {
                        claim.get();
                        won++;
                    } catch (java.util.concurrent.ExecutionException lost) {
                        assertThat(lost.getCause()).isInstanceOf(IOException.class).hasMessageContaining(root.toString());
                    }
                }
                assertThat(won).as("round %d", round).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void theClaimIsGivenUpWhenTheRunEnds() throws IOException {
        RunDirectory dir = RunDirectory.create(tmp.resolve("run"));
        assertThat(dir.root().resolve(RunDirectory.LOCK)).exists();

        dir.release();

        assertThat(dir.root()).isEmptyDirectory();
    }

    @Test
    void recordingsShorterThanTheRunLeftThemAreNamed() throws IOException {
        RunDirectory dir = RunDirectory.create(tmp.resolve("run"));
        Files.writeString(dir.latencyLog(), "0123456789");
        Files.writeString(dir.memorySamples(), "header\n");
        Files.createDirectories(dir.root().resolve("cells/a"));
        Files.writeString(dir.root().resolve("cells/a/latency.hlog"), "abc");
        Files.writeString(dir.root().resolve("summary.json"), "{}");
        java.util.Map<String, Long> left = dir.recordingSizes();
        assertThat(left).containsOnlyKeys("latency.hlog", "memory-samples.csv", "cells/a/latency.hlog");
        assertThat(dir.shortRecordings(left)).isEmpty();

        Files.writeString(dir.latencyLog(), "01234");
        Files.delete(dir.root().resolve("cells/a/latency.hlog"));

        assertThat(dir.shortRecordings(left)).containsExactly(
                "cells/a/latency.hlog is missing (the run left 3 bytes)",
                "latency.hlog ends early: 5 of the 10 bytes the run left");
        assertThat(dir.shortRecordings(null)).as("a run that recorded no sizes").isEmpty();
    }

    @Test
    void theManifestRoundTrips() throws IOException {
        RunDirectory dir = RunDirectory.create(tmp.resolve("run"));
        RunManifest manifest = new RunManifest("smoke", 10L, "2026-11-23T00:00:00Z", 42,
                Map.of("backend", "http://127.0.0.1:1234"), RunStatus.completed(), Map.of("latency.hlog", 1234L));

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
