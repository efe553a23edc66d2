package io.soakrig.harness.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.soakrig.analysis.verdict.SummaryJson;
import io.soakrig.analysis.verdict.Verdict;
import io.soakrig.contract.RunLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
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
    private NetnsLab lab;

    @BeforeAll
    static void needsNamespaces() throws Exception {
        NetnsLab.assumeUsable();
    }

    @BeforeEach
    void hostsOfTheirOwn() throws Exception {
        lab = NetnsLab.create(WORKERS);
        lab.startTargetStub(tmp);
    }

    @AfterEach
    void deleteThem() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void workersInTheirOwnNamespacesPlayThePlanAcrossTheLinksAndMergeExactly() throws Exception {
        Path run = tmp.resolve("run");
        HarnessProcess soakrig = start(run, 10);

        int exit = soakrig.awaitExit(Duration.ofMinutes(5));

        long[] requests = WorkersIT.assertMergedExactly(run, WORKERS, soakrig, exit);
        long all = LongStream.of(requests).sum();
        assertThat(all).as("the single generator's range for smoke's plan cut to 10 s (SmokeRunIT)").isBetween(1450L, 1600L);
        assertThat(SummaryJson.read(run).requestAccounting().started()).isEqualTo(all);
        // The target listens only in its own namespace and each worker runs only in its own:
        // every request crossed the worker's link and the target's.
        for (int i = 0; i < WORKERS; i++) {
            assertThat(NetnsLab.counter(lab.hostLink(i), "rx_packets")).as("packets out of worker " + i + "'s namespace")
                    .isGreaterThanOrEqualTo(requests[i]);
        }
        assertThat(NetnsLab.counter(lab.targetLink(), "tx_packets")).as("packets into the target's namespace").isGreaterThanOrEqualTo(all);
        JsonNode status = JsonMapper.builder().build().readTree(RunLayout.of(run).workersStatus().toFile());
        assertThat(status.path("coordinator").asText()).startsWith("http://" + lab.hostAddress() + ":");
        status.path("workers").forEach(w -> assertThat(w.path("state").asText()).isEqualTo("ended"));
        WorkersIT.assertTwoPhaseStart(status);
        assertThat(io.soakrig.analysis.load.GeneratorCheck.read(run).saturated()).as("every worker's first arrival on time").isFalse();
    }

    @Test
    void aWorkerWhoseLinkIsCutStopsItselfAndTheRunIsInconclusiveNamingItsShare() throws Exception {
        Path run = tmp.resolve("run");
        HarnessProcess soakrig = start(run, 30);
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
        assertThat(Files.readString(soakrig.stdout)).startsWith("INCONCLUSIVE").contains("worker 1/3 has not reported for 10 s (stalled)")
                .contains("its share, 1/3 of the plan's arrivals (33.3 %), is missing").contains("less load than planned");
        assertThat(SummaryJson.read(run).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(Files.readString(layout.workerLog(1))).as("worker 1 ended " + endedAfter + " s after the cut")
                .contains("has not been reachable for 15 s; stopping the generator");
        JsonNode workers = JsonMapper.builder().build().readTree(layout.workersStatus().toFile()).path("workers");
        assertThat(workers.get(1).path("exitCode").asInt()).as("it stopped itself (3), it was not killed").isEqualTo(3);
    }

    /** smoke.yaml's traffic and gates against the stub in the target's namespace, its address allowed by name. */
    private HarnessProcess start(Path run, int seconds) throws Exception {
        Path profile = Files.writeString(run.resolveSibling("netns.yaml"), String.join("\n",
                "name: netns-workers",
                "targets: { backend: { url: \"http://" + lab.targetAddress() + ":" + NetnsLab.TARGET_PORT + "\" } }",
                "traffic:",
                "  target: backend",
                "  endpoints: [ { name: catalog, path: /catalog/items, weight: 3 }, { name: profile, path: /users/me, weight: 1 } ]",
                "  arrivals: [ { ramp: { from: 10, to: 200, duration: 5s } }, { constant: { rate: 200, duration: 25s } } ]",
                "gates: { p99LatencyMs: 100, errorRate: 0.01 }", ""));
        return HarnessProcess.start(run.resolveSibling("harness"), "run", profile.toString(), "--duration", Integer.toString(seconds),
                "--workers", Integer.toString(WORKERS), "--coordinator-bind", lab.hostAddress(), "--worker-launcher", lab.launcher(),
                "--allow-host", lab.targetAddress(), "--out", run.toString());
    }
}
