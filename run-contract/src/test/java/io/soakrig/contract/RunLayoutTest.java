package io.soakrig.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RunLayoutTest {
    private final RunLayout run = RunLayout.of(Path.of("reports", "smoke-20261129-120000"));

    @Test
    void everyFileHasItsPlaceInTheRunDirectory() {
        Path root = run.root();
        assertThat(run.latencyLog()).isEqualTo(root.resolve("latency.hlog"));
        assertThat(run.arrivals()).isEqualTo(root.resolve("arrivals.csv"));
        assertThat(run.requests()).isEqualTo(root.resolve("requests.json"));
        assertThat(run.memorySamples()).isEqualTo(root.resolve("memory-samples.csv"));
        assertThat(run.events()).isEqualTo(root.resolve("events.jsonl"));
        assertThat(run.cellsIndex()).isEqualTo(root.resolve("cells.json"));
        assertThat(run.manifest()).isEqualTo(root.resolve("run.json"));
        assertThat(run.lock()).isEqualTo(root.resolve("run.lock"));
        assertThat(run.spaceReserve()).isEqualTo(root.resolve("space.reserve"));
        assertThat(run.summary()).isEqualTo(root.resolve("summary.json"));
        assertThat(run.report()).isEqualTo(root.resolve("report.html"));
        assertThat(run.junit()).isEqualTo(root.resolve("junit.xml"));
        assertThat(run.gatlingLog()).isEqualTo(root.resolve("logs").resolve("gatling.log"));
        assertThat(run.stubLog("backend-0")).isEqualTo(root.resolve("logs").resolve("stub-backend-0.log"));
        assertThat(run.stubLaunch("backend-0")).isEqualTo(root.resolve("stubs").resolve("backend-0.json"));
        assertThat(run.stubReady("backend-0")).isEqualTo(root.resolve("stubs").resolve("backend-0.ready"));
    }

    @Test
    void aCellIsLaidOutLikeARunInsideTheCellsFolder() {
        RunLayout cell = run.cell("immediate-p0.50");

        assertThat(cell.root()).isEqualTo(run.root().resolve("cells").resolve("immediate-p0.50"));
        assertThat(cell.latencyLog()).isEqualTo(cell.root().resolve(RunLayout.LATENCY_LOG));
    }

    @Test
    void aCellIdCannotLeaveTheCellsFolder() {
        assertThatThrownBy(() -> run.cell("../x")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("../x");
        assertThatThrownBy(() -> run.cell("..")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> run.cell("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theRecordingsAreWhatAVerdictIsJudgedFrom() {
        assertThat(RunLayout.RECORDINGS).containsExactlyInAnyOrder("latency.hlog", "memory-samples.csv", "events.jsonl",
                "arrivals.csv", "cells.json");
    }
}
