package io.soakrig.harness.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.soakrig.analysis.verdict.Summary;
import io.soakrig.analysis.verdict.SummaryJson;
import io.soakrig.analysis.verdict.Verdict;
import io.soakrig.contract.RunLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --workers 3} with each worker on a host of its own: a network namespace per worker
 * and one for the target, joined by veth pairs to a bridge that holds the coordinator's address
 * ({@link NetnsLab}). The workers are started through {@code --worker-launcher 'ip netns exec
 * ...'}, reach their coordinator on {@code --coordinator-bind}, and load a backend stub that
 * listens in its own namespace only, allowed by name ({@code --allow-host}); so the protocol and
 * the traffic cross real links, and a cut link is a real one.
 */
@Tag("integration")
class NetnsWorkersIT {
    private static final int WORKERS = 3;

    @TempDir
    Path tmp;

    @BeforeAll
    static void needsNamespaces() throws Exception {
        NetnsLab.assumeUsable();
    }

    @Test
    void workersInTheirOwnNamespacesPlayThePlanAcrossTheLinksAndMergeExactly() throws Exception {
        try (NetnsLab lab = NetnsLab.create(WORKERS)) {
            lab.startTargetStub(tmp);
            Path run = tmp.resolve("run");
            HarnessProcess soakrig = start(lab, run, 10);

            int exit = soakrig.awaitExit(Duration.ofMinutes(5));

            Summary summary = SummaryJson.read(run);
            assertThat(summary.verdict()).as(soakrig.output()).isIn(Verdict.PASS, Verdict.FAIL, Verdict.INCONCLUSIVE);
            if (summary.verdict() == Verdict.INCONCLUSIVE) {
                assertThat(summary.reasons()).as("on a starved machine the only way to no verdict: the generators fell behind, "
                        + "not a share missing").anyMatch(r -> r.startsWith("the load generator fell behind"));
            }
            assertThat(exit).isIn(0, 1, 3);
            RunLayout layout = RunLayout.of(run);
            Map<String, Histogram> merged = WorkersIT.byIntervalAndTag(layout.latencyLog());
            Map<String, Histogram> summed = new TreeMap<>();
            long[] requests = new long[WORKERS];
            for (int i = 0; i < WORKERS; i++) {
                for (Map.Entry<String, Histogram> e : WorkersIT.byIntervalAndTag(layout.worker(i).latencyLog()).entrySet()) {
                    summed.computeIfAbsent(e.getKey(), k -> new Histogram(3)).add(e.getValue());
                    if (e.getKey().endsWith(" ")) {
                        requests[i] += e.getValue().getTotalCount();
                    }
                }
                assertThat(Files.readString(layout.workerLog(i))).contains("everything delivered");
            }
            assertThat(merged.keySet()).isEqualTo(summed.keySet());
            summed.forEach((key, sum) -> assertThat(merged.get(key)).as("interval and tag " + key + ": the sum of the workers'").isEqualTo(sum));
            long mergedRequests = merged.entrySet().stream().filter(e -> e.getKey().endsWith(" ")).mapToLong(e -> e.getValue().getTotalCount()).sum();
            assertThat(mergedRequests).isEqualTo(requests[0] + requests[1] + requests[2]).isEqualTo(summary.requests());
            assertThat(mergedRequests).as("the single generator's range for smoke's plan cut to 10 s (SmokeRunIT)").isBetween(1450L, 1600L);
            assertThat(summary.requestAccounting().started()).isEqualTo(mergedRequests);

            // The target listens only in its own namespace and each worker runs only in its own:
            // every request crossed the worker's link and the target's.
            for (int i = 0; i < WORKERS; i++) {
                assertThat(NetnsLab.counter(lab.hostLink(i), "rx_packets")).as("packets out of worker " + i + "'s namespace")
                        .isGreaterThanOrEqualTo(requests[i]);
            }
            assertThat(NetnsLab.counter(lab.targetLink(), "tx_packets")).as("packets into the target's namespace")
                    .isGreaterThanOrEqualTo(mergedRequests);
            JsonNode status = JsonMapper.builder().build().readTree(layout.workersStatus().toFile());
            assertThat(status.path("coordinator").asText()).startsWith("http://" + lab.hostAddress() + ":");
            status.path("workers").forEach(w -> assertThat(w.path("state").asText()).isEqualTo("ended"));
        }
    }

    @Test
    void aWorkerWhoseLinkIsCutStopsItselfAndTheRunIsInconclusiveNamingItsShare() throws Exception {
        try (NetnsLab lab = NetnsLab.create(WORKERS)) {
            lab.startTargetStub(tmp);
            Path run = tmp.resolve("run");
            HarnessProcess soakrig = start(lab, run, 30);
            RunLayout layout = RunLayout.of(run);
            HarnessProcess.await(Duration.ofMinutes(3), "worker 1 delivering its third interval", () -> WorkersIT.interval(layout, 1) >= 3);
            long pid = JsonMapper.builder().build().readTree(layout.workersStatus().toFile()).path("workers").get(1).path("pid").asLong();
            ProcessHandle worker = ProcessHandle.of(pid).orElseThrow();

            NetnsLab.cut(lab.hostLink(1));
            long cutAt = System.nanoTime();

            // its bound: 15 s without its coordinator, one last delivery (5 s), its generator's stop (10 s)
            HarnessProcess.await(Duration.ofSeconds(40), "worker 1 ending by itself", () -> !worker.isAlive());
            long endedAfter = Duration.ofNanos(System.nanoTime() - cutAt).toSeconds();
            System.out.println("[netns] worker 1 ended by itself " + endedAfter + " s after its link was cut");
            int exit = soakrig.awaitExit(Duration.ofMinutes(3));

            assertThat(exit).as(soakrig.output()).isEqualTo(3);
            String stdout = Files.readString(soakrig.stdout);
            assertThat(stdout).startsWith("INCONCLUSIVE").contains("worker 1/3 has not reported for 10 s (stalled)")
                    .contains("its share, 1/3 of the plan's arrivals (33.3 %), is missing").contains("less load than planned");
            assertThat(SummaryJson.read(run).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
            assertThat(Files.readString(layout.workerLog(1))).as("worker 1 ended " + endedAfter + " s after the cut")
                    .contains("has not been reachable for 15 s; stopping the generator");
            JsonNode workers = JsonMapper.builder().build().readTree(layout.workersStatus().toFile()).path("workers");
            assertThat(workers.get(1).path("exitCode").asInt()).as("it stopped itself (3), it was not killed").isEqualTo(3);
        }
    }

    private static HarnessProcess start(NetnsLab lab, Path run, int seconds) throws Exception {
        Path profile = Files.writeString(run.resolveSibling("netns.yaml"), """
                name: netns-workers
                targets:
                  backend: { url: "http://%s:%d" }
                traffic:
                  target: backend
                  endpoints:
                    - { name: catalog, path: /catalog/items, weight: 3 }
                    - { name: profile, path: /users/me, weight: 1 }
                  arrivals:
                    - ramp: { from: 10, to: 200, duration: 5s }
                    - constant: { rate: 200, duration: 25s }
                gates:
                  p99LatencyMs: 100
                  errorRate: 0.01
                """.formatted(lab.targetAddress(), NetnsLab.TARGET_PORT));
        return HarnessProcess.start(run.resolveSibling("harness"), "run", profile.toString(), "--duration", Integer.toString(seconds),
                "--workers", Integer.toString(WORKERS), "--coordinator-bind", lab.hostAddress(), "--worker-launcher", lab.launcher(),
                "--allow-host", lab.targetAddress(), "--out", run.toString());
    }
}
