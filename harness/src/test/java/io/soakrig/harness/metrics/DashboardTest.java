package io.soakrig.harness.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.soakrig.analysis.latency.LatencyRecording;
import io.soakrig.analysis.leak.LeakDetector;
import io.soakrig.analysis.load.GeneratorCheck;
import io.soakrig.analysis.verdict.Summary;
import io.soakrig.contract.events.EventDetail;
import io.soakrig.contract.events.RunEvent;
import io.soakrig.contract.memory.MemorySample;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * The bundled Grafana dashboard asks only for series the harness serves: every query's
 * {@code soakrig_*} name is checked against the names in the registry's own text exposition of a
 * run with every kind of series present, not against a list kept by hand.
 */
class DashboardTest {
    private static final Path DASHBOARD = Path.of(System.getProperty("soakrig.home", "..")).resolve("dashboards/soakrig.json");
    private static final Pattern SERIES = Pattern.compile("\\bsoakrig_[a-zA-Z0-9_]+");

    @Test
    void everyQueryNamesASeriesTheHarnessExports() throws Exception {
        Set<String> exported = exportedNames();
        List<String> queries = new ArrayList<>();
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        dashboard.findValues("expr").forEach(e -> queries.add(e.asText()));
        dashboard.path("templating").path("list").forEach(v -> {
            if (v.path("query").isTextual() && v.path("type").asText().equals("query")) {
                queries.add(v.path("query").asText());
            }
        });
        assertThat(queries).hasSizeGreaterThan(10);

        Set<String> named = new TreeSet<>();
        for (String query : queries) {
            Matcher m = SERIES.matcher(query);
            boolean any = false;
            while (m.find()) {
                named.add(m.group());
                any = true;
            }
            assertThat(any).as("query names a soakrig series: " + query).isTrue();
        }
        assertThat(exported).as("exported series").containsAll(named);
        assertThat(named).as("the dashboard shows latency, memory, leaks, restarts and the verdict").contains(
                "soakrig_request_latency_seconds_bucket", "soakrig_target_memory_bytes", "soakrig_target_leak",
                "soakrig_target_restarts_total", "soakrig_run_verdict", "soakrig_arrivals_started_total");
    }

    /** The sample names of the text exposition, with every series populated. */
    private static Set<String> exportedNames() throws Exception {
        LiveMetrics metrics = new LiveMetrics();
        Histogram h = new Histogram(3);
        h.recordValue(2_000_000);
        metrics.observe(new LiveMetrics.Observation(new GeneratorCheck.Result(1, 0, 0, 1, 1, 1, 1),
                new LatencyRecording(Map.of("home", h, "home.ko", h, "home.try", h), 0, 1000, false),
                Map.of("t", new MemorySample(1, "t", "pid", -1, -1, 1, -1, -1, -1)),
                Map.of("t", new Summary.Leak(LeakDetector.Decision.UNDECIDED, 0.0, -1.0, 1.0, null, null)),
                List.of(new RunEvent(1, "t", 0, new EventDetail.RestartScheduled(1L, 1))), false));
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(metrics);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(text, registry.scrape());
        Set<String> names = new TreeSet<>();
        for (String line : text.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }
}
