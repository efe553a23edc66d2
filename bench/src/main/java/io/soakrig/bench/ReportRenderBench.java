package io.soakrig.bench;

import io.soakrig.analysis.verdict.RunJudgement;
import io.soakrig.analysis.recording.RunRecordings;
import io.soakrig.contract.RunLayout;
import io.soakrig.contract.arrivals.ArrivalsCsv;
import io.soakrig.contract.events.EventDetail;
import io.soakrig.contract.events.RunEvent;
import io.soakrig.contract.events.RunEventLog;
import io.soakrig.contract.latency.LatencyTag;
import io.soakrig.contract.memory.MemorySample;
import io.soakrig.contract.memory.MemorySampleLog;
import io.soakrig.analysis.report.HtmlReport;
import io.soakrig.analysis.verdict.Gates;
import io.soakrig.analysis.verdict.RunAnalyzer;
import io.soakrig.analysis.verdict.RunStatus;
import io.soakrig.analysis.verdict.SummaryJson;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * How long a long run's report takes: a synthetic six-hour run with 1 s intervals (three
 * endpoints with their failure and attempt tags, five targets sampled every second, three
 * regions' arrivals, a restart every ten minutes) is judged and its {@code summary.json}
 * written, then its {@code report.html}, each timed; where Debian's chromium is installed, the page is
 * then opened headless and timed to its last chart. Goal: the report under 10 s.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.soakrig.bench.ReportRenderBench [HOURS=6] [DIR] [--reuse]</pre>
 *
 * With {@code --reuse}, a run already synthesized in DIR is judged again instead of written anew
 * (a day of it takes about a minute to write).
 */
public final class ReportRenderBench {
    private static final long T0 = 1_795_000_000_000L;
    private static final List<String> ENDPOINTS = List.of("home", "search", "stream");
    private static final List<String> TARGETS = List.of("perimeter", "auth", "stream", "search", "recommendation");

    private ReportRenderBench() {
    }

    public static void main(String[] args) throws Exception {
        double hours = args.length > 0 ? Double.parseDouble(args[0]) : 6;
        Path run = args.length > 1 ? Files.createDirectories(Path.of(args[1])) : Files.createTempDirectory("soakrig-report-bench");
        boolean reuse = args.length > 2 && args[2].equals("--reuse") && Files.exists(RunLayout.of(run).latencyLog());
        int seconds = (int) Math.round(hours * 3600);
        long t = System.nanoTime();
        if (reuse) {
            System.out.println("reusing the run synthesized before in " + run);
        } else {
            synthesize(run, seconds);
            System.out.printf(Locale.ROOT, "synthesized %.1f h (%d intervals x %d tags, %d memory samples) in %.1f s: %s%n",
                    hours, seconds, ENDPOINTS.size() * 3, seconds * TARGETS.size(), (System.nanoTime() - t) / 1e9, run);
        }

        t = System.nanoTime();
        RunJudgement judged = RunAnalyzer.judge(RunRecordings.read(run), "report-bench", Gates.NONE, RunStatus.completed(), Map.of());
        SummaryJson.write(run, judged.summary());
        double analysis = (System.nanoTime() - t) / 1e9;
        t = System.nanoTime();
        HtmlReport.write(run, judged);
        double report = (System.nanoTime() - t) / 1e9;
        System.out.printf(Locale.ROOT, "summary.json (read, judge, write) %.2f s, report.html %.2f s (%.1f MB)%n", analysis, report,
                Files.size(run.resolve(HtmlReport.FILE)) / 1e6);
        Path chromium = Path.of("/usr/bin/chromium");
        if (Files.isExecutable(chromium)) {
            t = System.nanoTime();
            Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--user-data-dir=" + Files.createTempDirectory("soakrig-chromium"), "--dump-dom",
                    run.resolve(HtmlReport.FILE).toUri().toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String dom = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor(120, TimeUnit.SECONDS);
            System.out.printf(Locale.ROOT, "chromium opened and drew it in %.2f s (rendered: %s, errors: %s)%n", (System.nanoTime() - t) / 1e9,
                    dom.contains("data-rendered=\"true\""), dom.contains("data-errors"));
        }
    }

    private static void synthesize(Path run, int seconds) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        try (PrintStream out = new PrintStream(Files.newOutputStream(RunLayout.of(run).latencyLog()))) {
            HistogramLogWriter writer = new HistogramLogWriter(out);
            writer.outputLogFormatVersion();
            writer.outputStartTime(T0);
            for (int s = 0; s < seconds; s++) {
                for (String endpoint : ENDPOINTS) {
                    for (LatencyTag.Kind kind : LatencyTag.Kind.values()) {
                        Histogram h = new Histogram(3_600_000_000_000L, 3);
                        int n = kind == LatencyTag.Kind.FAILED ? 1 : 40;
                        for (int i = 0; i < n; i++) {
                            h.recordValue((long) (2e6 * Math.exp(random.nextGaussian() * 0.5)));
                        }
                        h.setTag(LatencyTag.of(endpoint, kind).toString());
                        h.setStartTimeStamp(T0 + s * 1000L);
                        h.setEndTimeStamp(T0 + (s + 1) * 1000L);
                        writer.outputIntervalHistogram(h);
                    }
                }
            }
        }
        try (MemorySampleLog log = MemorySampleLog.create(RunLayout.of(run).memorySamples())) {
            for (int s = 0; s < seconds; s++) {
                for (int k = 0; k < TARGETS.size(); k++) {
                    long heap = (long) ((50 + 10 * k + (k == 4 ? 0.5 * s / 60.0 : 0) + random.nextDouble()) * 1024 * 1024);
                    log.append(new MemorySample(T0 + s * 1000L, TARGETS.get(k), "stub-admin", heap + 4_000_000, heap, 2 * heap, s / 3, 100L * s, -1));
                }
            }
        }
        try (RunEventLog events = RunEventLog.append(RunLayout.of(run).events())) {
            for (int s = 600; s < seconds; s += 600) {
                events.write(new RunEvent(T0 + s * 1000L, "recommendation", 0, new EventDetail.OomKilled((long) s, null, null, null, null, null)));
                events.write(new RunEvent(T0 + s * 1000L + 10_000, "recommendation", 0, new EventDetail.Started(s + 1L, null, null, null)));
            }
        }
        try (ArrivalsCsv.Writer out = ArrivalsCsv.Writer.create(RunLayout.of(run).arrivals())) {
            for (int s = 0; s < seconds; s++) {
                for (String region : List.of("eu", "us", "apac")) {
                    out.write(new ArrivalsCsv.Row(s, region, 40, 40 - random.nextInt(2)));
                }
            }
        }
    }
}
