package io.soakrig.harness.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.analysis.latency.LatencyRecording;
import io.soakrig.analysis.latency.RequestAccounting;
import io.soakrig.analysis.verdict.GateResult;
import io.soakrig.analysis.verdict.Summary;
import io.soakrig.analysis.verdict.SummaryJson;
import io.soakrig.analysis.verdict.Verdict;
import io.soakrig.harness.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backend stub that never answers one request in ten: every hung request ends in the latency
 * log as a failure at the profile's request timeout, is counted in summary.json, and the error
 * gate fails (before the request timeout, they stayed open past the drain and vanished: PASS).
 */
@Tag("integration")
class HungRequestsIT {
    @TempDir
    Path tmp;

    @Test
    void hungRequestsTimeOutAsErrorsAndFailTheErrorGate() throws Exception {
        Path profile = Files.writeString(tmp.resolve("hung.yaml"), """
                name: hung
                targets:
                  backend:
                    stub: { role: backend, faults: { hangRate: 0.1 } }
                traffic:
                  target: backend
                  requestTimeout: 2s
                  endpoints:
                    - { name: items, path: /items }
                  arrivals:
                    - constant: { rate: 40, duration: 10s }
                gates:
                  errorRate: 0.01
                """);
        Path run = tmp.resolve("run");

        HarnessProcess soakrig = HarnessProcess.start(tmp, "run", profile.toString(), "--out", run.toString());

        assertThat(soakrig.awaitExit(Duration.ofMinutes(2))).as(soakrig.output()).isEqualTo(ExitCodes.GATE_FAILED);
        assertThat(Files.readString(soakrig.stdout)).startsWith("FAIL  hung:");
        Summary summary = SummaryJson.read(run);
        RequestAccounting accounting = summary.requestAccounting();
        assertThat(accounting.problem()).isNull();
        assertThat(accounting.started()).as("40/s for 10 s").isBetween(390L, 410L);
        assertThat(accounting.recorded()).as("every started request ended in the log").isEqualTo(accounting.started());
        assertThat(accounting.unfinished()).isZero();
        assertThat(summary.requests()).isEqualTo(accounting.started());
        assertThat(summary.errors()).as("about one in ten hung (binomial, 400 draws)").isBetween(15L, 75L);
        assertThat(summary.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(summary.gates()).filteredOn(g -> g.gate().equals("error rate")).singleElement()
                .extracting(GateResult::outcome).isEqualTo(GateResult.Outcome.FAILED);

        Histogram timedOut = LatencyRecording.read(run.resolve("latency.hlog")).tag("items.ko");
        assertThat(timedOut.getTotalCount()).isEqualTo(summary.errors());
        assertThat(timedOut.getMinValue() / 1e6).as("each failed at the 2 s timeout, its full wait recorded").isGreaterThanOrEqualTo(1990.0);
        assertThat(timedOut.getMaxValue() / 1e6).isLessThan(3000.0);
        assertThat(summary.latencyMs().max()).as("the answered ones are fast").isLessThan(1000.0);
    }
}
