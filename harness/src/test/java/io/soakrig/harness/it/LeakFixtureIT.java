package io.soakrig.harness.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.analysis.leak.LeakDetector;
import io.soakrig.analysis.verdict.Summary;
import io.soakrig.analysis.verdict.SummaryJson;
import io.soakrig.analysis.verdict.Verdict;
import io.soakrig.fixture.leak.LeakFixtureService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * soakrig on a service nobody here shaped for it: the leak-fixture service (its own JVM, G1, JDK
 * HTTP server) attached by URL, its memory read only through the ordinary
 * {@code jvm_memory_used_bytes{area="heap"}} gauge — a used-heap sawtooth. A leak is called and
 * fails the run; a run too short to decide is INCONCLUSIVE with exit 3, never PASS.
 */
@Tag("integration")
class LeakFixtureIT {
    @TempDir
    Path tmp;

    @Test
    void aLeakSeenOnlyInUsedHeapFailsTheRun() throws Exception {
        Process service = startService("leakBytes=4369");   // 50 MiB/min at 200 requests/s
        try {
            Path run = tmp.resolve("leaking");
            HarnessProcess soakrig = HarnessProcess.start(tmp, "run", profile("leaking", port(), "8m").toString(), "--out", run.toString());

            assertThat(soakrig.awaitExit(Duration.ofMinutes(11))).as(soakrig.output()).isEqualTo(1);
            Summary summary = SummaryJson.read(run);
            assertThat(summary.verdict()).isEqualTo(Verdict.FAIL);
            Summary.Leak leak = summary.leak().get("api");
            assertThat(leak.decision()).isEqualTo(LeakDetector.Decision.LEAK);
            assertThat(leak.floor()).as("the sawtooth's collections were found in the series").isEqualTo("cycle-floors");
            assertThat(leak.slopeMBPerMin()).isBetween(30.0, 80.0);
        } finally {
            stop(service);
        }
    }

    @Test
    void aRunTooShortToDecideIsInconclusiveNotPass() throws Exception {
        Process service = startService("leakBytes=0");
        try {
            Path run = tmp.resolve("short");
            HarnessProcess soakrig = HarnessProcess.start(tmp, "run", profile("short", port(), "40s").toString(), "--out", run.toString());

            assertThat(soakrig.awaitExit(Duration.ofMinutes(3))).as(soakrig.output()).isEqualTo(3);
            Summary summary = SummaryJson.read(run);
            assertThat(summary.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
            assertThat(summary.reasons()).anyMatch(r -> r.startsWith("leak in api not decided: "));
            assertThat(soakrig.output()).contains("INCONCLUSIVE");
        } finally {
            stop(service);
        }
    }

    private Path portFile;

    private Process startService(String leak) throws IOException, InterruptedException {
        portFile = tmp.resolve("port");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseG1GC", "-Xmx512m", "-Dsun.net.httpserver.nodelay=true", "-cp", System.getProperty("java.class.path"),
                LeakFixtureService.class.getName(), "port=0", "portFile=" + portFile, "maxSeconds=900", leak));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("service.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(portFile)) {
            assertThat(p.isAlive()).as("the fixture service started").isTrue();
            assertThat(System.nanoTime()).as("the fixture service wrote its port within 30 s").isLessThan(deadline);
            Thread.sleep(50);
        }
        return p;
    }

    private int port() throws IOException {
        return Integer.parseInt(Files.readString(portFile).trim());
    }

    private Path profile(String name, int port, String duration) throws IOException {
        return Files.writeString(tmp.resolve(name + ".yaml"), """
                name: %s
                targets:
                  api:
                    url: http://127.0.0.1:%d
                    memory:
                      prometheus: http://127.0.0.1:%d/metrics
                      metric: jvm_memory_used_bytes
                      labels: { area: heap }
                traffic:
                  target: api
                  endpoints:
                    - { name: work, path: /work }
                  arrivals:
                    - constant: { rate: 200, duration: %s }
                gates:
                  noLeak: true
                """.formatted(name, port, port, duration));
    }

    private static void stop(Process service) throws InterruptedException {
        service.destroy();
        if (!service.waitFor(10, TimeUnit.SECONDS)) {
            service.destroyForcibly().waitFor();
        }
    }
}
