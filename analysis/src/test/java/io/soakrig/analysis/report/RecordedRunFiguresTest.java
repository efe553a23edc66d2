package io.soakrig.analysis.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.soakrig.analysis.recording.RunRecordings;
import io.soakrig.analysis.verdict.Gates;
import io.soakrig.analysis.verdict.RunAnalyzer;
import io.soakrig.analysis.verdict.RunJudgement;
import io.soakrig.analysis.verdict.RunStatus;
import io.soakrig.contract.RunLayout;
import io.soakrig.contract.events.EventDetail;
import io.soakrig.contract.events.RunEvent;
import io.soakrig.contract.events.RunEventLog;
import io.soakrig.contract.latency.LatencyTag;
import io.soakrig.contract.memory.MemorySample;
import io.soakrig.contract.memory.MemorySampleLog;
import io.soakrig.contract.requests.StartedRequestsFile;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The figures a run's analysis gives — {@code summary.json} and the latency and outcome series the
 * report draws — are exactly those the analysis gave before the latency log was read faster: a
 * seeded 20-minute run (three endpoints with failure and attempt tags, latencies from 0 to 40 s,
 * empty intervals, the untagged total line, interval histograms both auto-resized as the recorder
 * writes them and sized for an hour) judged now against the files the old reader produced
 * ({@code recorded-run-summary.json}, field by field; {@code recorded-run-series.json}, byte by byte). The leak call's
 * figures in the summary are those of the look the verdict takes at the run's end (LeakDetector.Look). Each run also leaves its
 * output under {@code target/} for a look at any difference.
 */
class RecordedRunFiguresTest {
    private static final long T0 = 1_795_000_000_000L;
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @TempDir
    Path run;

    @Test
    void summaryAndSeriesAreThoseOfTheRecordedRun() throws Exception {
        synthesize(run, 1200);

        RunJudgement judged = RunAnalyzer.judge(RunRecordings.read(run), "recorded-run", new Gates(50.0, 0.01, true,
                io.soakrig.analysis.leak.LeakDetector.Config.DEFAULTS, null), RunStatus.completed(), Map.of("auth", 256.0));
        ReportData data = ReportData.of(judged);
        Map<String, Object> series = new TreeMap<>();
        series.put("latency", data.latency());
        series.put("outcomes", data.outcomes());
        series.put("spectrum", data.spectrum());

        String summary = written("recorded-run-summary.json", judged.summary());
        String figures = written("recorded-run-series.json", series);

        assertThat(JSON.readTree(summary)).as("field by field: summary.json's unfinishedByTag comes in no fixed order")
                .isEqualTo(JSON.readTree(expected("recorded-run-summary.json")));
        assertThat(figures).isEqualTo(expected("recorded-run-series.json"));
    }

    private static String written(String name, Object value) throws Exception {
        String json = JSON.writeValueAsString(value);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", name), json);
        return json;
    }

    private String expected(String name) throws Exception {
        try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream(name), name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void synthesize(Path run, int seconds) throws Exception {
        SplittableRandom random = new SplittableRandom(17);
        Map<String, Long> started = new TreeMap<>();
        try (PrintStream out = new PrintStream(Files.newOutputStream(RunLayout.of(run).latencyLog()), false, StandardCharsets.US_ASCII)) {
            HistogramLogWriter writer = new HistogramLogWriter(out);
            writer.outputLogFormatVersion();
            writer.setBaseTime(T0);
            writer.outputBaseTime(T0);
            writer.outputStartTime(T0);
            writer.outputLegend();
            for (int s = 0; s < seconds; s++) {
                Histogram total = new Histogram(3);
                for (String endpoint : List.of("home", "search", "stream")) {
                    for (LatencyTag.Kind kind : LatencyTag.Kind.values()) {
                        Histogram h = endpoint.equals("stream") ? new Histogram(3_600_000_000_000L, 3) : new Histogram(3);
                        int n = s % 97 == 13 ? 0 : kind == LatencyTag.Kind.FAILED ? random.nextInt(3) : 20 + random.nextInt(40);
                        for (int i = 0; i < n; i++) {
                            long nanos = random.nextInt(500) == 0 ? random.nextLong(40_000_000_000L)
                                    : random.nextInt(300) == 0 ? random.nextInt(1000) : (long) (2e6 * Math.exp(random.nextGaussian() * 0.7));
                            h.recordValue(nanos);
                        }
                        h.setTag(LatencyTag.of(endpoint, kind).toString());
                        h.setStartTimeStamp(T0 + s * 1000L);
                        h.setEndTimeStamp(T0 + (s + 1) * 1000L);
                        writer.outputIntervalHistogram(h);
                        if (kind.logical()) {
                            total.add(h);
                            started.merge(endpoint, h.getTotalCount() + (s % 300 == 299 ? 1 : 0), Long::sum);
                        }
                    }
                }
                total.setStartTimeStamp(T0 + s * 1000L);
                total.setEndTimeStamp(T0 + (s + 1) * 1000L);
                writer.outputIntervalHistogram(total);
            }
        }
        StartedRequestsFile.write(RunLayout.of(run).requests(), started);
        try (MemorySampleLog log = MemorySampleLog.create(RunLayout.of(run).memorySamples())) {
            for (int s = 0; s < seconds; s++) {
                long heap = (long) ((60 + 0.5 * s / 60.0 + random.nextDouble()) * 1024 * 1024);
                log.append(new MemorySample(T0 + s * 1000L, "auth", "stub-admin", heap + 4_000_000, heap, 2 * heap, s / 3, 100L * s, -1));
            }
        }
        try (RunEventLog events = RunEventLog.append(RunLayout.of(run).events())) {
            events.write(new RunEvent(T0 + 600_000, "auth", 0, new EventDetail.OomKilled(600L, null, null, null, null, null)));
            events.write(new RunEvent(T0 + 610_000, "auth", 0, new EventDetail.Started(601L, null, null, null)));
        }
    }
}
