package io.soakrig.harness.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.soakrig.contract.memory.MemorySampleLog;
import io.soakrig.analysis.verdict.Summary;
import io.soakrig.analysis.verdict.SummaryJson;
import io.soakrig.analysis.verdict.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The walking skeleton end to end: smoke.yaml cut to 10 s, a real stub JVM, a real Gatling JVM. */
@Tag("integration")
class SmokeRunIT {
    @TempDir
    Path tmp;

    @Test
    void smokeRunPassesAndItsRecordingsReconcileWithTheStub() throws Exception {
        Path run = tmp.resolve("run");
        HarnessProcess soakrig = HarnessProcess.start(tmp, "run", HarnessProcess.profile("smoke.yaml").toString(),
                "--duration", "10", "--out", run.toString());

        int exit = soakrig.awaitExit(Duration.ofMinutes(3));

        assertThat(exit).as(soakrig.output()).isZero();
        assertThat(Files.readString(soakrig.stdout)).startsWith("PASS  smoke:").contains("run directory: " + run);

        Histogram all = new Histogram(3);
        Histogram attempts = new Histogram(3);
        Histogram succeeded = new Histogram(3);
        Histogram untagged = new Histogram(3);
        Set<String> tags = new HashSet<>();
        HistogramLogReader reader = new HistogramLogReader(run.resolve("latency.hlog").toFile());
        for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
            Histogram interval = (Histogram) h;
            if (interval.getTag() == null) {
                untagged.add(interval);
                continue;
            }
            tags.add(interval.getTag());
            if (interval.getTag().endsWith(".try")) {
                attempts.add(interval);
                continue;
            }
            all.add(interval);
            if (!interval.getTag().endsWith(".ko")) {
                succeeded.add(interval);
            }
        }
        reader.close();

        Summary summary = SummaryJson.read(run);
        long served = summary.targets().get("backend").requestsServed();
        assertThat(tags).containsExactlyInAnyOrder("catalog", "profile", "catalog.try", "profile.try");
        assertThat(attempts.getTotalCount()).as("no retry policy: one attempt per request").isEqualTo(all.getTotalCount());
        assertThat(untagged.getTotalCount()).as("the untagged total HistogramLogProcessor reads: every logical request")
                .isEqualTo(all.getTotalCount());
        assertThat(all.getTotalCount()).as("ramp 10->200/s over 5 s, then 200/s for 5 s").isBetween(1450L, 1600L);
        assertThat(served).as("the stub's own count, within the requests in flight at the end")
                .isBetween(all.getTotalCount(), all.getTotalCount() + 5);

        assertThat(summary.verdict()).isEqualTo(Verdict.PASS);
        assertThat(summary.generator().saturated()).as("the generator kept to its schedule").isFalse();
        assertThat(Files.readString(run.resolve("junit.xml"))).contains("tests=\"2\" failures=\"0\" errors=\"0\" skipped=\"0\"")
                .contains("name=\"p99 latency\"").contains("name=\"error rate\"");
        assertThat(summary.amplification().perLayer()).containsEntry("client", 1.0);
        assertThat(summary.requests()).isEqualTo(all.getTotalCount());
        assertThat(summary.errors()).isZero();
        assertThat(summary.requestAccounting().started()).as("every started request recorded").isEqualTo(all.getTotalCount());
        assertThat(summary.requestAccounting().unfinished()).isZero();
        assertThat(summary.latencyMs().p99()).isCloseTo(succeeded.getValueAtPercentile(99) / 1e6, within(0.001));
        assertThat(summary.latencyMs().max()).isCloseTo(succeeded.getMaxValue() / 1e6, within(0.001));
        assertThat(summary.latencyMs().p50()).isLessThanOrEqualTo(summary.latencyMs().p90());
        assertThat(summary.endpoints().values().stream().mapToLong(Summary.EndpointFigures::requests).sum())
                .isEqualTo(summary.requests());
        assertThat(summary.durationSeconds()).isBetween(9.0, 13.0);
        assertThat(summary.memory().get("backend").slopeMBPerMin()).isNotNull();
        assertThat(summary.memory().get("backend").samples()).isGreaterThanOrEqualTo(8);
        assertThat(MemorySampleLog.read(run.resolve("memory-samples.csv"))).hasSize(summary.memory().get("backend").samples());

        try (Stream<Path> reports = Files.walk(run.resolve("gatling"))) {
            assertThat(reports.map(Path::getFileName).map(Path::toString)).as("Gatling's own HTML report").contains("index.html");
        }
    }
}
