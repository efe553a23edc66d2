package io.soakrig.analysis.report;

import io.soakrig.analysis.verdict.RunJudgement;
import io.soakrig.analysis.recording.RunRecordings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.soakrig.analysis.leak.LeakDetector;
import io.soakrig.contract.RunLayout;
import io.soakrig.contract.events.EventDetail;
import io.soakrig.contract.events.RunEvent;
import io.soakrig.contract.events.RunEventLog;
import io.soakrig.contract.memory.MemorySample;
import io.soakrig.contract.memory.MemorySampleLog;
import io.soakrig.analysis.verdict.Gates;
import io.soakrig.analysis.verdict.RunAnalyzer;
import io.soakrig.analysis.verdict.RunStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report.html} of a small but complete run (two endpoints, a leaking target, arrivals, an
 * OOM kill and a restart): self-contained, and opened in headless Chromium with no script error
 * and every chart drawn.
 *
 * <p>The browser test needs Debian's {@code chromium} ({@code .ci/run} installs it). Without it the
 * test fails rather than skips, so that a green build never hides a missing install; it is
 * skipped only when asked for by name, {@code -Dsoakrig.browserTest=skip}, and says so.
 */
class HtmlReportTest {
    private static final long T0 = 1_795_000_000_000L;
    private static final List<String> CHROMIUM = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
    /** System property that, set to {@value #SKIP}, skips the browser test knowingly. */
    static final String BROWSER_TEST = "soakrig.browserTest";
    static final String SKIP = "skip";

    @TempDir
    Path run;

    @Test
    void theReportIsOneFileThatNeedsNothingFromTheNetwork() throws Exception {
        Path report = writeRun();

        String html = Files.readString(report);
        assertThat(html).doesNotContainPattern("<script[^>]+src=").doesNotContainPattern("<link[^>]+href=");
        assertThat(html).contains("Chart.js v4").contains("\"verdict\":\"FAIL\"").contains("latency-over-time", "percentile-spectrum")
                .contains("success-over-time", "amplification-over-time");
        assertThat(html).contains("\"recommendation\"").contains("\"OOM_KILLED\"");
    }

    @Test
    void theReportOpensInHeadlessChromiumWithEveryChartDrawn() throws Exception {
        boolean skip = SKIP.equals(System.getProperty(BROWSER_TEST));
        if (skip) {
            System.err.println("SKIPPED on request (-D" + BROWSER_TEST + "=" + SKIP + "): report.html is not opened in a browser");
        }
        assumeFalse(skip, "-D" + BROWSER_TEST + "=" + SKIP + ": report.html is not opened in a browser");
        Optional<String> chromium = CHROMIUM.stream().filter(c -> Files.isExecutable(Path.of(c))).findFirst();
        assertThat(chromium).as("chromium is not installed (one of " + CHROMIUM + "): .ci/run installs Debian's chromium; "
                + "or skip this test knowingly with -D" + BROWSER_TEST + "=" + SKIP).isPresent();
        Path report = writeRun();

        String dom = dumpDom(chromium.orElseThrow(), report);

        assertThat(attribute(dom, "body", "data-rendered")).as("report.js ran to its end").isEqualTo("true");
        assertThat(dom).as("no script error").doesNotContain("data-errors");
        Matcher figures = Pattern.compile("<figure[^>]*data-chart=\"([^\"]+)\"[^>]*data-drawn=\"([^\"]+)\"").matcher(dom);
        int count = 0;
        while (figures.find()) {
            assertThat(figures.group(2)).as("chart %s has ink on its canvas", figures.group(1)).isEqualTo("true");
            count++;
        }
        assertThat(count).as("latency, spectrum, success and amplification over time, memory, arrivals, amplification, events").isEqualTo(8);
        assertThat(dom).contains("class=\"verdict FAIL\"");
    }

    private static String dumpDom(String chromium, Path report) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("soakrig-chromium");
        Process p = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", "--user-data-dir=" + profile,
                "--virtual-time-budget=10000", "--window-size=1280,2000", "--dump-dom", report.toUri().toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        return new String(out, StandardCharsets.UTF_8);
    }

    private static String attribute(String dom, String tag, String name) {
        Matcher m = Pattern.compile("<" + tag + "[^>]*\\s" + name + "=\"([^\"]*)\"").matcher(dom);
        return m.find() ? m.group(1) : null;
    }

    /** Sixty seconds of a run: latency per endpoint, a growing target, arrivals, a kill and its restart. */
    private Path writeRun() throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        try (PrintStream out = new PrintStream(Files.newOutputStream(run.resolve(RunLayout.LATENCY_LOG)))) {
            HistogramLogWriter writer = new HistogramLogWriter(out);
            writer.outputLogFormatVersion();
            writer.outputStartTime(T0);
            for (int s = 0; s < 60; s++) {
                for (String tag : List.of("home", "stream", "stream.try", "stream.ko")) {
                    Histogram h = new Histogram(3);
                    for (int i = 0; i < (tag.endsWith(".ko") ? 2 : 50); i++) {
                        h.recordValue((long) ((tag.startsWith("home") ? 2e6 : 8e6) * (1 + random.nextDouble() * (s > 40 ? 3 : 1))));
                    }
                    h.setTag(tag);
                    h.setStartTimeStamp(T0 + s * 1000L);
                    h.setEndTimeStamp(T0 + (s + 1) * 1000L);
                    writer.outputIntervalHistogram(h);
                }
            }
        }
        try (MemorySampleLog log = MemorySampleLog.create(run.resolve(RunLayout.MEMORY_SAMPLES))) {
            for (int s = 0; s < 60; s++) {
                long grown = (long) ((40 + 0.8 * s + random.nextDouble()) * 1024 * 1024);
                log.append(new MemorySample(T0 + s * 1000L, "recommendation", "stub-admin", grown + 5_000_000, grown, 3 * grown, s, 100L * s, -1));
                log.append(new MemorySample(T0 + s * 1000L, "auth", "stub-admin", 30_000_000, 20_000_000, 90_000_000, s, 100L * s, -1));
            }
        }
        try (RunEventLog events = RunEventLog.append(RunLayout.of(run).events())) {
            events.write(new RunEvent(T0, "recommendation", 0, new EventDetail.Started(1L, null, null, null)));
            events.write(new RunEvent(T0 + 50_000, "recommendation", 0, new EventDetail.OomKilled(1L, null, null, null, null, null)));
            events.write(new RunEvent(T0 + 51_000, "recommendation", 0, new EventDetail.RestartScheduled(1000L, null)));
            events.write(new RunEvent(T0 + 53_000, "recommendation", 0, new EventDetail.Started(2L, null, null, null)));
        }
        StringBuilder arrivals = new StringBuilder("second,population,intended,started\n");
        for (int s = 0; s < 60; s++) {
            arrivals.append(s).append(",everyone,100,").append(s > 45 ? 90 : 100).append('\n');
        }
        Files.writeString(run.resolve("arrivals.csv"), arrivals);
        RunJudgement judged = RunAnalyzer.judge(RunRecordings.read(run), "report-demo",
                new Gates(5.0, 0.01, true, new LeakDetector.Config(5, 2, 1.0, 0.01, 4, 600, 20), null), RunStatus.completed(), Map.of());
        HtmlReport.write(run, judged);
        try (Stream<Path> files = Files.list(run)) {
            assertThat(files.map(f -> f.getFileName().toString())).contains(HtmlReport.FILE).doesNotContain(HtmlReport.FILE + ".tmp");
        }
        return run.resolve(HtmlReport.FILE);
    }
}
