package io.soakrig.harness.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.soakrig.analysis.load.GeneratorCheck;
import io.soakrig.analysis.verdict.Summary;
import io.soakrig.analysis.verdict.SummaryJson;
import io.soakrig.analysis.verdict.Verdict;
import io.soakrig.contract.RunLayout;
import io.soakrig.contract.arrivals.ArrivalsCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogProcessor;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --workers 3}: three real worker processes, each with its own Gatling JVM, against one stub. */
@Tag("integration")
class WorkersIT {
    @TempDir
    Path tmp;

    @Test
    void threeWorkersPlayThePlanAndTheirRecordingsMergeExactly() throws Exception {
        Path run = tmp.resolve("run");
        HarnessProcess soakrig = HarnessProcess.start(tmp, "run", HarnessProcess.profile("smoke.yaml").toString(),
                "--duration", "10", "--workers", "3", "--out", run.toString());

        int exit = soakrig.awaitExit(Duration.ofMinutes(5));

        long mergedRequests = LongStream.of(assertMergedExactly(run, 3, soakrig, exit)).sum();
        Summary summary = SummaryJson.read(run);
        RunLayout layout = RunLayout.of(run);
        assertThat(mergedRequests).as("the single generator's range for smoke.yaml cut to 10 s (SmokeRunIT)").isBetween(1450L, 1600L);
        assertThat(summary.requestAccounting().started()).as("requests.json: the sum of the workers'").isEqualTo(mergedRequests);
        assertThat(summary.requestAccounting().unfinished()).isZero();

        List<ArrivalsCsv.Row> arrivals = ArrivalsCsv.read(layout.arrivals()).orElseThrow();
        assertThat(arrivals).hasSizeGreaterThanOrEqualTo(9);
        assertThat(arrivals.get(0).intended()).as("the whole plan's second 0: (10 + 48) / 2").isEqualTo(29.0);
        GeneratorCheck.Result kept = GeneratorCheck.read(run);
        assertThat(kept.saturated()).as("arrivals per second within the single generator's tolerance: " + arrivals).isFalse();
        assertThat(summary.generator().saturated()).isFalse();

        Path processed = tmp.resolve("processed");
        new HistogramLogProcessor(new String[] {"-i", layout.latencyLog().toString(), "-o", processed.toString()}).run();
        assertThat(Files.readString(Path.of(processed + ".hgrm"))).contains("Total count    =" + String.format("%13d", mergedRequests) + "]");

        JsonNode status = JsonMapper.builder().build().readTree(layout.workersStatus().toFile());
        JsonNode workers = status.path("workers");
        assertThat(workers).hasSize(3);
        workers.forEach(w -> assertThat(w.path("state").asText()).isEqualTo("ended"));
        assertTwoPhaseStart(status);
    }

    /**
     * The start's two phases, per worker: registered, then its generator ready, then told the
     * shared start — before that start, which is fixed only after the last generator was ready.
     */
    static void assertTwoPhaseStart(JsonNode status) {
        long startAt = status.path("startAtMillis").asLong();
        long lastReady = 0;
        StringBuilder timings = new StringBuilder("two-phase start, ms relative to the last registration:");
        long registered = status.path("registeredMillis").asLong();
        for (JsonNode w : status.path("workers")) {
            long ready = w.path("readyMillis").asLong();
            long told = w.path("startToldMillis").asLong();
            assertThat(w.path("registeredMillis").asLong()).isPositive().isLessThanOrEqualTo(registered);
            assertThat(ready).as("worker %s's generator ready after the last registration", w.path("index")).isGreaterThanOrEqualTo(registered);
            assertThat(told).as("worker %s told the start once it was ready, and before the start", w.path("index"))
                    .isGreaterThanOrEqualTo(ready).isLessThan(startAt);
            lastReady = Math.max(lastReady, ready);
            timings.append(String.format(" worker %s ready +%d told +%d;", w.path("index"), ready - registered, told - registered));
        }
        assertThat(startAt).as("the start is fixed a margin after the last generator was ready").isEqualTo(lastReady + 2000);
        System.out.println(timings.append(" start +").append(startAt - registered));
    }

    @Test
    void aWorkerKilledMidRunMakesTheRunInconclusiveNamingItAndItsShare() throws Exception {
        Path run = tmp.resolve("run");
        HarnessProcess soakrig = HarnessProcess.start(tmp, "run", HarnessProcess.profile("smoke.yaml").toString(),
                "--duration", "30", "--workers", "3", "--out", run.toString());
        RunLayout layout = RunLayout.of(run);
        HarnessProcess.await(Duration.ofMinutes(3), "worker 1 delivering its third interval", () -> interval(layout, 1) >= 3);
        long pid = JsonMapper.builder().build().readTree(layout.workersStatus().toFile()).path("workers").get(1).path("pid").asLong();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();

        int exit = soakrig.awaitExit(Duration.ofMinutes(3));

        assertThat(exit).as(soakrig.output()).isEqualTo(3);
        String stdout = Files.readString(soakrig.stdout);
        assertThat(stdout).startsWith("INCONCLUSIVE").contains("worker 1/3 (pid " + pid + ")")
                .contains("its share, 1/3 of the plan's arrivals (33.3 %), is missing").contains("less load than planned");
        assertThat(SummaryJson.read(run).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        JsonNode workers = JsonMapper.builder().build().readTree(layout.workersStatus().toFile()).path("workers");
        assertThat(workers.get(1).path("state").asText()).isEqualTo("failed");
        assertThat(workers.get(1).path("exitCode").asInt()).isEqualTo(137);
    }

    /**
     * Asserts what every run over {@code workers} workers must show: a verdict, or no verdict only
     * because the generators fell behind (never a share missing); a merged latency log that is, per
     * interval and tag, exactly the sum of the workers'; and every worker's recordings delivered.
     *
     * @return each worker's logical requests, by index; their sum is the run's
     */
    static long[] assertMergedExactly(Path run, int workers, HarnessProcess soakrig, int exit) throws Exception {
        Summary summary = SummaryJson.read(run);
        assertThat(summary.verdict()).as(soakrig.output()).isIn(Verdict.PASS, Verdict.FAIL, Verdict.INCONCLUSIVE);
        if (summary.verdict() == Verdict.INCONCLUSIVE) {
            assertThat(summary.reasons()).as("on a starved machine the only way to no verdict: the generators fell behind, "
                    + "not a share missing").anyMatch(r -> r.startsWith("the load generator fell behind"));
        }
        assertThat(exit).isIn(0, 1, 3);
        RunLayout layout = RunLayout.of(run);
        Map<String, Histogram> merged = byIntervalAndTag(layout.latencyLog());
        Map<String, Histogram> summed = new TreeMap<>();
        long[] requests = new long[workers];
        for (int i = 0; i < workers; i++) {
            for (Map.Entry<String, Histogram> e : byIntervalAndTag(layout.worker(i).latencyLog()).entrySet()) {
                summed.computeIfAbsent(e.getKey(), k -> new Histogram(3)).add(e.getValue());
                if (e.getKey().endsWith(" ")) {
                    requests[i] += e.getValue().getTotalCount();
                }
            }
            assertThat(Files.readString(layout.workerLog(i))).contains("everything delivered");
        }
        assertThat(merged.keySet()).isEqualTo(summed.keySet());
        summed.forEach((key, sum) -> assertThat(merged.get(key)).as("interval and tag " + key + ": the sum of the workers'").isEqualTo(sum));
        long mergedRequests = merged.entrySet().stream().filter(e -> e.getKey().endsWith(" ")).mapToLong(e -> e.getValue().getTotalCount()).sum();
        assertThat(mergedRequests).isEqualTo(LongStream.of(requests).sum()).isEqualTo(summary.requests());
        return requests;
    }

    static long interval(RunLayout layout, int worker) {
        try {
            if (!Files.exists(layout.workersStatus())) {
                return -1;
            }
            return JsonMapper.builder().build().readTree(layout.workersStatus().toFile()).path("workers").get(worker).path("lastInterval").asLong();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    /** Every interval of {@code log} by {@code <interval start> <tag>} (the untagged total with an empty tag). */
    static Map<String, Histogram> byIntervalAndTag(Path log) throws Exception {
        Map<String, Histogram> byKey = new TreeMap<>();
        HistogramLogReader reader = new HistogramLogReader(log.toFile());
        for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
            Histogram copy = new Histogram(3);
            copy.add((Histogram) h);
            byKey.merge(Math.round(h.getStartTimeStamp() / 1000.0) + " " + (h.getTag() == null ? "" : h.getTag()), copy,
                    (a, b) -> {
                        a.add(b);
                        return a;
                    });
        }
        reader.close();
        return byKey;
    }
}
