package io.soakrig.analysis.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.soakrig.analysis.verdict.RunJudgement;
import io.soakrig.analysis.verdict.Summary;
import io.soakrig.contract.RunLayout;
import io.soakrig.contract.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * {@code report.html}: the run for people to look at, in one self-contained file that opens
 * offline — the verdict and its reasons at the top, then latency over time per endpoint, the
 * full percentile spectrum, memory per target with the fitted growth, its interval and the moment
 * the leak was called, intended against actual arrivals, amplification per layer, process events
 * (restarts, OOM kills, pushes, shedding), the canary's findings and an experiment's cells.
 *
 * <p>The figures are drawn in the browser by Chart.js, which comes from Maven Central as a WebJar
 * and is inlined with the run's figures ({@link ReportData}) as JSON; nothing is fetched when the
 * page opens.
 */
public final class HtmlReport {
    public static final String FILE = RunLayout.REPORT;
    private static final String CHART_JS_POM = "/META-INF/maven/org.webjars.npm/chart.js/pom.properties";
    private static final ObjectMapper JSON = new ObjectMapper();

    private HtmlReport() {
    }

    /** Writes {@code report.html} into {@code runDir} from the run as judged, atomically. */
    public static void write(Path runDir, RunJudgement judged) throws IOException {
        Summary summary = judged.summary();
        String data = JSON.writeValueAsString(ReportData.of(judged))
                .replace("</", "<\\/");
        String page = resource("/io/soakrig/analysis/report/report.html")
                .replace("{{TITLE}}", escape(summary.profile()))
                .replace("{{VERDICT}}", summary.verdict().name())
                .replace("{{CHART_JS}}", resource(chartJs()).replace("</script", "<\\/script"))
                .replace("{{REPORT_JS}}", resource("/io/soakrig/analysis/report/report.js"))
                .replace("{{DATA}}", data);
        AtomicFiles.replace(RunLayout.of(runDir).report(), page);
    }

    /** The Chart.js bundle of the WebJar on the class path, whatever its version. */
    private static String chartJs() {
        java.util.Properties pom = new java.util.Properties();
        try (InputStream in = Objects.requireNonNull(HtmlReport.class.getResourceAsStream(CHART_JS_POM), CHART_JS_POM)) {
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "/META-INF/resources/webjars/chart.js/" + pom.getProperty("version") + "/dist/chart.umd.min.js";
    }

    private static String resource(String name) {
        try (InputStream in = Objects.requireNonNull(HtmlReport.class.getResourceAsStream(name), name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
