package io.soakrig.analysis.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.soakrig.contract.RunLayout;
import io.soakrig.analysis.leak.LeakDetector;
import io.soakrig.contract.memory.MemorySample;
import io.soakrig.contract.memory.MemorySampleLog;
import io.soakrig.analysis.recording.RunRecordings;
import io.soakrig.analysis.verdict.Gates;
import io.soakrig.analysis.verdict.LeakCalls;
import io.soakrig.analysis.verdict.RunAnalyzer;
import io.soakrig.analysis.verdict.RunJudgement;
import io.soakrig.analysis.verdict.RunStatus;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's figures come from the run as judged: the recordings read once and the lines the leak calls fitted. */
class ReportDataTest {
    private static final long T0 = 1_795_000_000_000L;

    @TempDir
    Path run;

    @Test
    void theReportIsBuiltFromTheJudgementWithoutReadingTheRunDirectoryAgain() throws Exception {
        RunJudgement judged = judgeARun();
        try (Stream<Path> files = Files.list(run)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }

        ReportData data = ReportData.of(judged);

        assertThat(data.latency()).containsOnlyKeys("catalog");
        assertThat(data.latency().get("catalog").t()).hasSize(120);
        assertThat(data.spectrum()).containsKey("all");
        assertThat(data.memory()).containsOnlyKeys("api");
        assertThat(data.arrivals().t()).hasSize(120);
    }

    @Test
    void theMemoryChartDrawsTheLineTheLeakCallFitted() throws Exception {
        RunJudgement judged = judgeARun();
        LeakCalls.TrendLine line = judged.trendLines().get("api");
        assertThat(line).isNotNull();
        assertThat(line.slopeMBPerMin()).isEqualTo(judged.summary().leak().get("api").slopeMBPerMin());

        ReportData.Fit fit = ReportData.of(judged).memory().get("api").fit();

        assertThat(fit.slope()).isEqualTo(line.slopeMBPerMin());
        assertThat(fit.mb0()).isCloseTo(line.mbAt(T0 + fit.t0() * 1000), within(0.001));
        assertThat(fit.mb1()).isCloseTo(line.mbAt(T0 + fit.t1() * 1000), within(0.001));
        assertThat(fit.decision()).isEqualTo("LEAK");
        assertThat(fit.mb1()).as("the line runs through the samples: 40 MiB growing 6 MiB/min for 2 min").isCloseTo(52, within(1.0));
    }

    @Test
    void aLongRunIsDrawnThinnedWithEveryPeakWhileItsFiguresUseEveryInterval() throws Exception {
        RunJudgement judged = judgeARun(3_000, 2_345);

        ReportData data = ReportData.of(judged);

        assertThat(data.thinnedToSlices()).isEqualTo(DrawnPoints.SLICES);
        ReportData.Series catalog = data.latency().get("catalog");
        assertThat(catalog.t()).hasSizeLessThan(3_000).contains(0.0, 2_345.0, 2_999.0);
        assertThat(catalog.p99().stream().mapToDouble(Double::doubleValue).max().orElseThrow()).as("the slow second's p99").isBetween(499.0, 501.0);
        assertThat(data.arrivals().t()).hasSizeLessThan(3_000);
        assertThat(data.memory().get("api").t()).hasSizeLessThan(3_000);
        assertThat(judged.recordings().successes().byEndpoint().get("catalog")).as("the judgement keeps every interval").hasSize(3_000);
        assertThat(judged.summary().requests()).isEqualTo(3_000 * 100 + 5);
    }

    @Test
    void aShortRunIsDrawnWhole() throws Exception {
        assertThat(ReportData.of(judgeARun()).thinnedToSlices()).isNull();
    }

    private RunJudgement judgeARun() throws Exception {
        return judgeARun(120, -1);
    }

    /**
     * {@code seconds} of one endpoint's latency (five requests of 500 ms at {@code slowAt}), a target
     * growing 6 MiB a minute with noise, the arrivals.
     */
    private RunJudgement judgeARun(int seconds, int slowAt) throws Exception {
        try (PrintStream out = new PrintStream(Files.newOutputStream(run.resolve(RunLayout.LATENCY_LOG)))) {
            HistogramLogWriter writer = new HistogramLogWriter(out);
            writer.setBaseTime(0);
            for (int s = 0; s < seconds; s++) {
                Histogram h = new Histogram(3);
                h.recordValueWithCount(2_000_000, 100);
                if (s == slowAt) {
                    h.recordValueWithCount(500_000_000, 5);
                }
                h.setTag("catalog");
                h.setStartTimeStamp(T0 + s * 1000L);
                h.setEndTimeStamp(T0 + (s + 1) * 1000L);
                writer.outputIntervalHistogram(h);
            }
        }
        SplittableRandom noise = new SplittableRandom(3);
        try (MemorySampleLog log = MemorySampleLog.create(run.resolve(RunLayout.MEMORY_SAMPLES))) {
            for (int s = 0; s <= seconds; s++) {
                long bytes = (long) ((40 + s / 10.0 + noise.nextDouble(-0.2, 0.2)) * 1024 * 1024);
                log.append(new MemorySample(T0 + s * 1000L, "api", "stub-admin", bytes + 5_000_000, bytes, 3 * bytes, s, 100L * s, -1));
            }
        }
        StringBuilder arrivals = new StringBuilder("second,population,intended,started\n");
        for (int s = 0; s < seconds; s++) {
            arrivals.append(s).append(",everyone,100,100\n");
        }
        Files.writeString(run.resolve("arrivals.csv"), arrivals);
        return RunAnalyzer.judge(RunRecordings.read(run), "report-data",
                new Gates(null, null, true, new LeakDetector.Config(5, 2, 1.0, 0.01, 4, 600, 20), null), RunStatus.completed(), Map.of());
    }
}
