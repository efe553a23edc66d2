package io.soakrig.harness.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.analysis.verdict.Summary;
import io.soakrig.analysis.verdict.SummaryJson;
import io.soakrig.analysis.verdict.Verdict;
import io.soakrig.harness.ExitCodes;
import io.soakrig.harness.TestProfiles;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A URL target that refuses connections ends the run before any traffic, with a verdict of ERROR. */
@Tag("integration")
class UnreachableTargetIT {
    @TempDir
    Path tmp;

    @Test
    void anUnreachableTargetIsAnErrorWithNoTrafficSent() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        Path profile = Files.writeString(tmp.resolve("down.yaml"), TestProfiles.urlTarget("down", "http://127.0.0.1:" + closedPort, 5, "5s"));
        Path run = tmp.resolve("run");

        HarnessProcess soakrig = HarnessProcess.start(tmp, "run", profile.toString(), "--out", run.toString());

        assertThat(soakrig.awaitExit(Duration.ofSeconds(60))).as(soakrig.output()).isEqualTo(ExitCodes.NO_VERDICT);
        Summary summary = SummaryJson.read(run);
        assertThat(summary.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(summary.reasons()).singleElement().asString().contains("target api is unreachable at 127.0.0.1:" + closedPort);
        assertThat(summary.requests()).isZero();
        assertThat(run.resolve("latency.hlog")).as("no load generator was started").doesNotExist();
    }
}
