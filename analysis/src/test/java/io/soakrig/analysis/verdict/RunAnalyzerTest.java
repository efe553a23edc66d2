package io.soakrig.analysis.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.contract.RunLayout;
import io.soakrig.contract.events.EventDetail;
import io.soakrig.contract.events.RunEvent;
import io.soakrig.contract.events.RunEventLog;
import io.soakrig.contract.memory.MemorySample;
import io.soakrig.contract.memory.MemorySampleLog;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.soakrig.analysis.leak.LeakDetector;
import io.soakrig.analysis.latency.RequestAccounting;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunAnalyzerTest {
    @TempDir
    Path run;

    @BeforeEach
    void recordARun() throws Exception {
        try (PrintStream out = new PrintStream(Files.newOutputStream(run.resolve(RunLayout.LATENCY_LOG)))) {
            HistogramLogWriter writer = new HistogramLogWriter(out);
            writer.setBaseTime(0);
            Histogram ok = new Histogram(3);
            for (int i = 1; i <= 1000; i++) {
                ok.recordValue(i * 10_000L); // 0.01 .. 10 ms
            }
            ok.setTag("items");
            ok.setStartTimeStamp(0);
            ok.setEndTimeStamp(10_000);
            writer.outputIntervalHistogram(ok);
            Histogram ko = new Histogram(3);
            ko.recordValueWithCount(1_000_000, 10);
            ko.setTag("items.ko");
            ko.setStartTimeStamp(0);
            ko.setEndTimeStamp(10_000);
            writer.outputIntervalHistogram(ko);
        }
        started(run, 1010);
        try (MemorySampleLog log = MemorySampleLog.create(run.resolve(RunLayout.MEMORY_SAMPLES))) {
            for (int s = 0; s <= 60; s++) {
                long mib = 1024L * 1024L;
                log.append(new MemorySample(s * 1000L, "backend", "stub-admin", 90 * mib, (40 + s / 6) * mib, 200 * mib, s, s * 10L, -1));
            }
        }
    }

    @Test
    void theSummaryNamesTheMetricAPrometheusSourceChose() throws Exception {
        try (RunEventLog events = RunEventLog.append(run.resolve(RunLayout.EVENTS))) {
            events.write(new RunEvent(500, "backend", 0, new EventDetail.MemorySourceChosen("jvm_memory_used_bytes{area=\"heap\"}",
                    null, "http://127.0.0.1:8080/metrics")));
        }

        Summary s = RunAnalyzer.analyze(run, "demo", new Gates(20.0, 0.05, false, LeakDetector.Config.DEFAULTS, null), RunStatus.completed(), Map.of());

        assertThat(s.memory().get("backend").metric()).isEqualTo("jvm_memory_used_bytes{area=\"heap\"}");
    }

    @Test
    void passesWhenEveryGateHolds() throws Exception {
        Summary s = RunAnalyzer.analyze(run, "demo", new Gates(20.0, 0.05, false, io.soakrig.analysis.leak.LeakDetector.Config.DEFAULTS, null), RunStatus.completed(), Map.of());

        assertThat(s.verdict()).isEqualTo(Verdict.PASS);
        assertThat(s.reasons()).hasSize(2).allMatch(r -> r.contains("within"));
        assertThat(s.requests()).isEqualTo(1010);
        assertThat(s.errors()).isEqualTo(10);
        assertThat(s.latencyMs().p99()).isCloseTo(9.9, org.assertj.core.data.Offset.offset(0.05));
        assertThat(s.endpoints().get("items").requests()).isEqualTo(1010);
        assertThat(s.durationSeconds()).isEqualTo(10.0);
        assertThat(s.requestAccounting()).isEqualTo(new RequestAccounting(1010L, 1010, 0L, Map.of(), null));
        assertThat(s.memory().get("backend").slopeMBPerMin()).isCloseTo(10.0, org.assertj.core.data.Offset.offset(0.5));
        assertThat(s.memory().get("backend").signal()).isEqualTo(MemorySample.Signal.HEAP_AFTER_GC);
        assertThat(s.targets().get("backend").requestsServed()).isEqualTo(600);
    }

    @Test
    void aCanaryRunsEndpointsAreCountedPerArmWithTheirFailures(@TempDir Path canaryRun) throws Exception {
        try (PrintStream out = new PrintStream(Files.newOutputStream(canaryRun.resolve(RunLayout.LATENCY_LOG)))) {
            HistogramLogWriter writer = new HistogramLogWriter(out);
            writer.setBaseTime(0);
            interval(writer, "baseline/home", 100);
            interval(writer, "baseline/home.ko", 3);
            interval(writer, "canary/home", 90);
            interval(writer, "canary/home.ko", 7);
        }

        Summary s = RunAnalyzer.analyze(canaryRun, "demo", new Gates(null, null, false, LeakDetector.Config.DEFAULTS, null),
                RunStatus.completed(), Map.of());

        assertThat(s.endpoints().get("baseline/home").requests()).isEqualTo(103);
        assertThat(s.endpoints().get("baseline/home").errors()).isEqualTo(3);
        assertThat(s.endpoints().get("canary/home").errors()).isEqualTo(7);
        assertThat(s.errors()).isEqualTo(10);
    }

    private static void interval(HistogramLogWriter writer, String tag, long count) {
        Histogram h = new Histogram(3);
        h.recordValueWithCount(1_000_000, count);
        h.setTag(tag);
        h.setStartTimeStamp(0);
        h.setEndTimeStamp(10_000);
        writer.outputIntervalHistogram(h);
    }

    @Test
    void requestsStartedAndNeverRecordedAreErrorsAndFailTheErrorGate() throws Exception {
        started(run, 1100);

        Summary s = RunAnalyzer.analyze(run, "demo", new Gates(20.0, 0.05, false, LeakDetector.Config.DEFAULTS, null), RunStatus.completed(), Map.of());

        assertThat(s.requestAccounting().started()).isEqualTo(1100);
        assertThat(s.requestAccounting().recorded()).isEqualTo(1010);
        assertThat(s.requestAccounting().unfinished()).isEqualTo(90);
        assertThat(s.requests()).isEqualTo(1100);
        assertThat(s.errors()).as("10 failed, 90 never finished").isEqualTo(100);
        assertThat(s.endpoints().get("items").requests()).isEqualTo(1100);
        assertThat(s.endpoints().get("items").errors()).isEqualTo(100);
        assertThat(s.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(s.reasons()).contains("90 of 1100 started requests never finished (still open when the load generator stopped): counted as errors",
                "error rate 9.09% exceeds gate 5.00%");
        assertThat(s.latencyMs().p99()).as("latency is that of answered requests").isCloseTo(9.9, org.assertj.core.data.Offset.offset(0.05));
    }

    @Test
    void aRunWhoseStartedRequestsAreUnknownIsInconclusiveNeverPass() throws Exception {
        Files.delete(run.resolve(RequestAccounting.FILE));

        Summary s = RunAnalyzer.analyze(run, "demo", new Gates(20.0, 0.05, false, LeakDetector.Config.DEFAULTS, null), RunStatus.completed(), Map.of());

        assertThat(s.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(s.gates()).filteredOn(g -> g.gate().equals("requests accounted")).singleElement()
                .satisfies(g -> assertThat(g.outcome()).isEqualTo(GateResult.Outcome.NOT_JUDGED))
                .satisfies(g -> assertThat(g.message()).contains("requests.json"));
        assertThat(s.requestAccounting().started()).isNull();
        assertThat(s.requestAccounting().unfinished()).isNull();
        assertThat(s.requestAccounting().recorded()).isEqualTo(1010);
        assertThat(s.requests()).isEqualTo(1010);

        Summary failing = RunAnalyzer.analyze(run, "demo", new Gates(5.0, 0.05, false, LeakDetector.Config.DEFAULTS, null), RunStatus.completed(), Map.of());
        assertThat(failing.verdict()).as("a gate that failed on what was recorded still fails").isEqualTo(Verdict.FAIL);
    }

    @Test
    void aCorruptOrInconsistentStartCountIsInconclusive() throws Exception {
        for (String written : List.of("{\"version\": 1, \"started\": {\"items\": 1000}}", "{\"version\": 1, \"sta",
                "{\"version\": 2, \"started\": {\"items\": 1010}}", "{\"version\": 1, \"started\": {\"items\": 10.5}}")) {
            Files.writeString(run.resolve(RequestAccounting.FILE), written);

            Summary s = RunAnalyzer.analyze(run, "demo", new Gates(20.0, 0.05, false, LeakDetector.Config.DEFAULTS, null), RunStatus.completed(), Map.of());

            assertThat(s.verdict()).as(written).isEqualTo(Verdict.INCONCLUSIVE);
            assertThat(s.requestAccounting().problem()).as(written).isNotBlank();
        }
    }

    @Test
    void failsOnTheGateThatIsExceeded() throws Exception {
        Summary s = RunAnalyzer.analyze(run, "demo", new Gates(5.0, 0.05, false, io.soakrig.analysis.leak.LeakDetector.Config.DEFAULTS, null), RunStatus.completed(), Map.of());

        assertThat(s.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(s.reasons()).anyMatch(r -> r.startsWith("p99 latency") && r.contains("exceeds gate 5.00 ms"));
    }

    @Test
    void failsOnErrorRate() throws Exception {
        Summary s = RunAnalyzer.analyze(run, "demo", new Gates(null, 0.001, false, io.soakrig.analysis.leak.LeakDetector.Config.DEFAULTS, null), RunStatus.completed(), Map.of());

        assertThat(s.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(s.reasons()).containsExactly("error rate 0.99% exceeds gate 0.10%");
    }

    @Test
    void anInterruptedRunIsInconclusiveButKeepsItsFigures() throws Exception {
        Summary s = RunAnalyzer.analyze(run, "demo", new Gates(5.0, 0.0, false, io.soakrig.analysis.leak.LeakDetector.Config.DEFAULTS, null),
                new RunStatus(RunStatus.State.INTERRUPTED, "run interrupted"), Map.of());

        assertThat(s.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(s.reasons()).containsExactly("run interrupted");
        assertThat(s.requests()).isEqualTo(1010);
    }

    @Test
    void aRunWhoseRecordingsWereCutIsInconclusiveWhateverIsLeft() throws Exception {
        Summary s = RunAnalyzer.analyze(run, "demo", new Gates(20.0, 0.05, false, LeakDetector.Config.DEFAULTS, null),
                new RunStatus(RunStatus.State.RECORDING_CUT, "latency.hlog ends early: 100 of the 2000 bytes the run left"), Map.of());

        assertThat(s.verdict()).as("what is left passes every gate, but it is not the whole run").isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(s.reasons()).containsExactly("latency.hlog ends early: 100 of the 2000 bytes the run left");
        assertThat(s.requests()).isEqualTo(1010);
    }

    @Test
    void aFailedRunIsAnErrorWhateverWasRecorded() throws Exception {
        Summary s = RunAnalyzer.analyze(run, "demo", Gates.NONE,
                new RunStatus(RunStatus.State.FAILED, "target backend exited before it was ready"), Map.of());

        assertThat(s.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(s.reasons()).containsExactly("target backend exited before it was ready");
    }

    @Test
    void aCompletedRunWithoutRequestsIsAnError(@TempDir Path empty) throws Exception {
        Summary s = RunAnalyzer.analyze(empty, "demo", Gates.NONE, RunStatus.completed(), Map.of());

        assertThat(s.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(s.reasons()).containsExactly("no request was recorded");
        assertThat(s.errorRate()).isNull();
    }

    @Test
    void aSteadilyGrowingTargetIsCalledALeakWithAProjection(@TempDir Path leaking) throws Exception {
        Files.copy(run.resolve(RunLayout.LATENCY_LOG), leaking.resolve(RunLayout.LATENCY_LOG));
        started(leaking, 1010);
        try (MemorySampleLog log = MemorySampleLog.create(leaking.resolve(RunLayout.MEMORY_SAMPLES))) {
            java.util.Random noise = new java.util.Random(1);
            for (int s = 0; s <= 600; s++) {
                long bytes = (long) ((40 + 6.0 * s / 60 + 0.2 * noise.nextGaussian()) * 1024 * 1024);
                log.append(new MemorySample(s * 1000L, "recommendation", "stub-admin", bytes, bytes, bytes, s, s, -1));
                log.append(new MemorySample(s * 1000L, "auth", "stub-admin", 30L << 20, 30L << 20, 90L << 20, s, s, -1));
            }
        }

        Summary s = RunAnalyzer.analyze(leaking, "demo", Gates.NONE, RunStatus.completed(), Map.of("recommendation", 128.0));

        Summary.Leak leak = s.leak().get("recommendation");
        assertThat(leak.decision()).isEqualTo(LeakDetector.Decision.LEAK);
        assertThat(leak.slopeMBPerMin()).isBetween(5.0, 7.0);
        assertThat(leak.decidedAtSeconds()).isLessThan(360.0);
        assertThat(leak.projectedLimitAtSeconds() - 600).as("from 100 MiB at the last sample to 128 MiB at 6 MiB/min: 280 s")
                .isBetween(220.0, 340.0);
        assertThat(s.leak().get("auth").decision()).isEqualTo(LeakDetector.Decision.NO_LEAK);
        assertThat(s.leak().get("auth").projectedLimitAtSeconds()).isNull();
        assertThat(s.verdict()).as("without the leak gate a leak is reported, not judged").isEqualTo(Verdict.PASS);

        Summary gated = RunAnalyzer.analyze(leaking, "demo", new Gates(null, null, true, io.soakrig.analysis.leak.LeakDetector.Config.DEFAULTS, null),
                new RunStatus(RunStatus.State.COMPLETED, null), Map.of("recommendation", 128.0));
        assertThat(gated.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(gated.reasons()).anyMatch(r -> r.startsWith("memory leak in recommendation: +"));
    }

    @Test
    void theSummaryRoundTripsThroughJson() throws Exception {
        Summary s = RunAnalyzer.analyze(run, "demo", new Gates(20.0, 0.05, false, io.soakrig.analysis.leak.LeakDetector.Config.DEFAULTS, null), RunStatus.completed(), Map.of());

        SummaryJson.write(run, s);

        assertThat(SummaryJson.read(run)).isEqualTo(s);
        assertThat(Files.readString(run.resolve(SummaryJson.FILE))).startsWith("{\n  \"profile\" : \"demo\",\n  \"verdict\" : \"PASS\"");
    }

    /**
     * The verdict judges the end of a run. The backend's heap after GC holds still until 477 s,
     * just after the scheduled look at 228 floors (one per 2 s after the 20 s warm-up), then grows
     * 30 MiB/min until the run ends at 518 s, before the next scheduled look. Judged as ended (the
     * run's summary, {@code report}), one look more sees it: not NO_LEAK, and the noLeak gate does
     * not pass. Judged as still going ({@code report} while the harness runs), the scheduled looks
     * alone say NO_LEAK, as the live judge does.
     */
    @Test
    void theEndOfAnEndedRunIsJudgedAndARunStillGoingIsNotJudgedAtItsEnd() throws Exception {
        java.util.Random noise = new java.util.Random(2);
        try (MemorySampleLog log = MemorySampleLog.create(run.resolve(RunLayout.MEMORY_SAMPLES))) {
            for (int s = 0; s <= 518; s++) {
                long bytes = (long) ((40 + 30.0 * Math.max(0, s - 477) / 60 + 0.2 * noise.nextGaussian()) * 1024 * 1024);
                log.append(new MemorySample(s * 1000L, "backend", "stub-admin", bytes, bytes, bytes, s, s, -1));
            }
        }
        Gates gates = new Gates(null, null, true, LeakDetector.Config.DEFAULTS, null);

        Summary ended = RunAnalyzer.analyze(run, "demo", gates, RunStatus.completed(), Map.of());
        Summary going = RunAnalyzer.analyze(run, "demo", gates, new RunStatus(RunStatus.State.RUNNING, "run still in progress"), Map.of());

        assertThat(ended.leak().get("backend").decision()).isNotEqualTo(LeakDetector.Decision.NO_LEAK);
        assertThat(ended.verdict()).isNotEqualTo(Verdict.PASS);
        assertThat(going.leak().get("backend").decision()).isEqualTo(LeakDetector.Decision.NO_LEAK);
    }

    private static void started(Path run, long items) throws java.io.IOException {
        Files.writeString(run.resolve(RequestAccounting.FILE), "{\"version\": 1, \"started\": {\"items\": " + items + "}}");
    }

    @Test
    void theCanarysExcessGrowthCancelsWhatBothArmsDoAlike() {
        List<MemorySample> samples = new java.util.ArrayList<>();
        long mib = 1024L * 1024L;
        java.util.Random noise = new java.util.Random(7);
        for (int s = 0; s <= 180; s++) {
            double cacheFill = 30 * (1 - Math.exp(-s / 40.0));
            long gc = s / 3;
            samples.add(new MemorySample(s * 1000L, "stable", "stub-admin", 0,
                    (long) ((20 + cacheFill + 0.3 * noise.nextGaussian()) * mib), 0, gc, 0, -1));
            samples.add(new MemorySample(s * 1000L + 20, "next", "stub-admin", 0,
                    (long) ((20 + cacheFill + 0.3 * noise.nextGaussian() + (s - s % 3) * 30 / 60.0) * mib), 0, gc, 0, -1));
            samples.add(new MemorySample(s * 1000L + 40, "twin", "stub-admin", 0,
                    (long) ((20 + cacheFill + 0.3 * noise.nextGaussian()) * mib), 0, gc, 0, -1));
        }
        LeakDetector.Config config = new LeakDetector.Config(10, 2, 1.0, 0.01, 4, 600, 20);

        Summary.Leak leaking = LeakCalls.excessGrowth(samples, new CanaryJudge.Config("stable", "next", 0.2, 1, 0.01, 0.01), config, LeakDetector.Look.FINAL_AT_END);
        Summary.Leak twin = LeakCalls.excessGrowth(samples, new CanaryJudge.Config("stable", "twin", 0.2, 1, 0.01, 0.01), config, LeakDetector.Look.FINAL_AT_END);

        assertThat(leaking.decision()).isEqualTo(LeakDetector.Decision.LEAK);
        assertThat(leaking.slopeMBPerMin()).isBetween(25.0, 35.0);
        assertThat(twin.decision()).as("a cache filling up in both arms is not the canary's leak").isNotEqualTo(LeakDetector.Decision.LEAK);
        assertThat(LeakCalls.excessGrowth(samples, new CanaryJudge.Config("stable", "absent", 0.2, 1, 0.01, 0.01), config, LeakDetector.Look.FINAL_AT_END)).isNull();
    }

    @Test
    void aRepeatedHeapAfterGcReadingIsOneObservation() {
        long mib = 1024L * 1024L;
        List<MemorySample> series = List.of(
                new MemorySample(0, "t", "stub-admin", 50 * mib, 10 * mib, 0, 1, 0, -1),
                new MemorySample(1000, "t", "stub-admin", 60 * mib, 10 * mib, 0, 1, 0, -1),
                new MemorySample(2000, "t", "stub-admin", 20 * mib, 12 * mib, 0, 2, 0, -1),
                new MemorySample(3000, "t", "prometheus", 70 * mib, -1, 0, -1, 0, -1),
                new MemorySample(4000, "t", "prometheus", 71 * mib, -1, 0, -1, 0, -1),
                new MemorySample(5000, "t", "prometheus", 71 * mib, -1, 0, -1, 0, -1));

        assertThat(LeakCalls.observations(series)).as("a gauge without a collection count repeats when its figure does")
                .extracting(MemorySample::epochMillis).containsExactly(0L, 2000L, 3000L, 4000L);
    }

    /**
     * Plain used heap (a sawtooth, judged by its cycle floors) whose wall clock is stepped back
     * 30 s at 200 s: the readings stamped before the last one kept are dropped, time only goes
     * forward in the series judged, and the leak is still called.
     */
    @Test
    void aWallClockSteppedBackDropsTheReadingsItRepeatsInsteadOfFailingTheCall() {
        long mib = 1024L * 1024L;
        List<MemorySample> series = new ArrayList<>();
        for (int s = 0; s <= 600; s++) {
            long stamp = s < 200 ? s * 1000L : (s - 30) * 1000L;
            double floor = 100 + 20 * s / 60.0;
            long used = (long) ((floor + 8 * (s % 10)) * mib);
            series.add(new MemorySample(stamp, "api", "prometheus", -1, -1, -1, -1, -1, used));
        }

        List<MemorySample> observed = LeakCalls.observations(series);
        Map<String, Summary.Leak> calls = LeakCalls.of(series, Map.of(), LeakDetector.Config.DEFAULTS, LeakDetector.Look.FINAL_AT_END);

        assertThat(observed).as("the 30 readings stamped before the last one kept").hasSize(series.size() - 30);
        assertThat(observed).extracting(MemorySample::epochMillis).isSorted().doesNotHaveDuplicates();
        assertThat(calls.get("api").decision()).isEqualTo(LeakDetector.Decision.LEAK);
    }

    @Test
    void theLeakGatePassesOnlyOnNoLeakAndIsInconclusiveWhenUndecided() throws Exception {
        Path shortRun = Files.createDirectories(run.resolve("short"));
        Files.copy(run.resolve(RunLayout.LATENCY_LOG), shortRun.resolve(RunLayout.LATENCY_LOG));
        try (MemorySampleLog log = MemorySampleLog.create(shortRun.resolve(RunLayout.MEMORY_SAMPLES))) {
            for (int s = 0; s <= 30; s++) {
                log.append(new MemorySample(s * 1000L, "api", "prometheus", -1, -1, -1, -1, -1, (100 + s % 7) * 1024L * 1024L));
            }
        }
        Gates gated = new Gates(null, null, true, LeakDetector.Config.DEFAULTS, null, java.util.Set.of("api"));

        Summary s = RunAnalyzer.analyze(shortRun, "demo", gated, RunStatus.completed(), Map.of());

        assertThat(s.leak().get("api").decision()).isEqualTo(LeakDetector.Decision.UNDECIDED);
        assertThat(s.verdict()).as("an undecided leak call never passes").isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(s.gates()).anyMatch(g -> g.gate().equals("no leak in api") && g.outcome() == GateResult.Outcome.NOT_JUDGED
                && g.message().startsWith("leak in api not decided: "));
    }

    @Test
    void aTargetWhoseMemoryWasNeverSampledLeavesTheLeakGateUnjudged() throws Exception {
        Gates gated = new Gates(null, null, true, LeakDetector.Config.DEFAULTS, null, java.util.Set.of("backend", "api"));

        Summary s = RunAnalyzer.analyze(run, "demo", gated, RunStatus.completed(), Map.of());

        assertThat(s.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(s.reasons()).contains("memory of api was never sampled: no leak call is possible");
    }

    @Test
    void noMemoryDataAtAllIsNotAPass() throws Exception {
        Files.delete(run.resolve(RunLayout.MEMORY_SAMPLES));

        Summary s = RunAnalyzer.analyze(run, "demo", new Gates(null, null, true, LeakDetector.Config.DEFAULTS, null), RunStatus.completed(), Map.of());

        assertThat(s.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(s.reasons()).contains("no leak: no target's memory was sampled, so nothing was checked");
    }

    @Test
    void aNoLeakCallOnMemoryThatStoppedBeingSampledEarlyIsNotAPass() throws Exception {
        Path silent = Files.createDirectories(run.resolve("silent"));
        try (PrintStream out = new PrintStream(Files.newOutputStream(silent.resolve(RunLayout.LATENCY_LOG)))) {
            HistogramLogWriter writer = new HistogramLogWriter(out);
            writer.setBaseTime(0);
            Histogram ok = new Histogram(3);
            ok.recordValue(1_000_000);
            ok.setTag("items");
            ok.setStartTimeStamp(0);
            ok.setEndTimeStamp(600_000);
            writer.outputIntervalHistogram(ok);
        }
        try (MemorySampleLog log = MemorySampleLog.create(silent.resolve(RunLayout.MEMORY_SAMPLES))) {
            for (int s = 0; s <= 400; s++) {
                log.append(new MemorySample(s * 1000L, "api", "prometheus", -1, -1, -1, -1, -1, (100L + (s * 7919) % 3) * 1024L * 1024L));
            }
        }

        Summary s = RunAnalyzer.analyze(silent, "demo", new Gates(null, null, true, LeakDetector.Config.DEFAULTS, null), RunStatus.completed(), Map.of());

        assertThat(s.leak().get("api").decision()).isEqualTo(LeakDetector.Decision.NO_LEAK);
        assertThat(s.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(s.reasons()).anyMatch(r -> r.startsWith("leak in api not judged: its memory was not sampled for the last 200 s"));
    }
}
