package io.soakrig.analysis.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.soakrig.analysis.latency.Percentiles;
import io.soakrig.analysis.leak.LeakDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code summary.json} keeps the flat shape every summary has had — the summary's groups of
 * figures are not nested in the file — and reads back as it was written.
 */
class SummaryJsonTest {
    @TempDir
    Path run;

    @Test
    void theGroupedFiguresAreWrittenFlatAndReadBack() throws Exception {
        Summary.Leak leak = new Summary.Leak(LeakDetector.Decision.LEAK, 3.0, 2.5, 3.5, 240.0, 900.0);
        Summary summary = new Summary("nightly", Verdict.FAIL, List.of("memory leak in api"),
                List.of(new GateResult("no leak in api", GateResult.Outcome.FAILED, "memory leak in api")),
                new Summary.Traffic(600, 1000, 5, 0.005, new Percentiles(1.0, 2.0, 3.0, 4.0, 5.0), Map.of(), false, null),
                new Summary.TargetHealth(Map.of(), Map.of("api", leak), Map.of("api", new Summary.TargetFigures(999L)), Map.of()),
                null, null, null, List.of());

        SummaryJson.write(run, summary);

        JsonNode json = new ObjectMapper().readTree(Files.readString(run.resolve(SummaryJson.FILE)));
        assertThat(json.fieldNames()).toIterable().containsSubsequence("profile", "verdict", "reasons", "gates")
                .contains("durationSeconds", "requests", "errors", "errorRate", "latencyMs", "endpoints", "memory", "leak",
                        "targets", "supervision", "canary", "amplification", "generator", "experiment", "latencyLogTruncated",
                        "requestAccounting")
                .doesNotContain("traffic", "health");
        assertThat(json.path("leak").path("api").path("decision").asText()).isEqualTo("LEAK");
        assertThat(SummaryJson.read(run)).isEqualTo(summary);
    }
}
