package io.soakrig.harness.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.soakrig.analysis.verdict.Summary;
import io.soakrig.analysis.verdict.Verdict;
import io.soakrig.harness.TestProfiles;
import io.soakrig.harness.metrics.LiveMetrics;
import io.soakrig.harness.process.SimulationClasspath;
import io.soakrig.harness.run.ProgressDisplay;
import io.soakrig.harness.run.RunDirectory;
import io.soakrig.harness.run.RunOutcome;
import io.soakrig.harness.run.SoakRun;
import io.soakrig.harness.run.TargetPolicy;
import io.soakrig.harness.workers.WorkerFleet;
import io.soakrig.harness.workers.WorkerPlay;
import io.soakrig.harness.workers.WorkerProtocol;
import io.soakrig.profile.Profile;
import io.soakrig.profile.ProfileLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole run ({@link SoakRun}, its coordinator and merge) with its workers as a Job in fabric8's
 * mock API server: the pods' phases decide the run, and the run's objects are gone after it.
 */
@EnableKubernetesMockClient(crud = true)
@Timeout(120)
class KubernetesRunTest {
    private static final String NAMESPACE = "load";
    private static final String TOKEN = "0123456789abcdef";
    KubernetesClient client;

    @TempDir
    Path tmp;

    private final List<String> said = new CopyOnWriteArrayList<>();

    @Test
    void aFailedIndexMakesTheRunInconclusiveNamingItsPodAndNothingIsLeft() throws Exception {
        CompletableFuture<Pod> failed = indexOneEnds("Failed", 3);

        RunOutcome outcome = run(Duration.ofSeconds(60), 3);

        Pod one = failed.get(10, TimeUnit.SECONDS);
        assertThat(outcome.exitCode()).isEqualTo(3);
        Summary summary = outcome.summary();
        assertThat(summary.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(summary.reasons()).anySatisfy(r -> assertThat(r).contains("worker 1/3 (pod " + one.getMetadata().getName()
                + " (Failed: Error (exit code 3))) ended before the start with exit code 3")
                .contains("its share, 1/3 of the plan's arrivals (33.3 %), is missing"));
        assertNothingLeft();
    }

    @Test
    void anIndexThatSucceedsBeforeTheStartIsAMissingShareNotAPlayedOne() throws Exception {
        CompletableFuture<Pod> ended = indexOneEnds("Succeeded", 0);

        RunOutcome outcome = run(Duration.ofSeconds(60), 3);

        Pod one = ended.get(10, TimeUnit.SECONDS);
        assertThat(outcome.exitCode()).isEqualTo(3);
        assertThat(outcome.summary().verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(outcome.summary().reasons()).anySatisfy(r -> assertThat(r).contains("worker 1/3 (pod " + one.getMetadata().getName())
                .contains("ended before the start with exit code 0").contains("is missing"));
        assertNothingLeft();
    }

    /** Plays the kubelet: the three pods run, then index 1's ends in {@code phase} with {@code exit}. */
    private CompletableFuture<Pod> indexOneEnds(String phase, int exit) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                Job job = submitted();
                KubeletPlay kubelet = new KubeletPlay(client, NAMESPACE);
                kubelet.start(job, 0, "Running");
                Pod one = kubelet.start(job, 1, "Running");
                kubelet.start(job, 2, "Running");
                kubelet.phase(one, phase, exit);
                return one;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void podsThatAreNeverScheduledMakeTheRunInconclusiveNamingThemAndNothingIsLeft() throws Exception {
        CompletableFuture<Void> pending = CompletableFuture.runAsync(() -> {
            try {
                Job job = submitted();
                KubeletPlay kubelet = new KubeletPlay(client, NAMESPACE);
                kubelet.start(job, 0, "Running");
                Pod one = kubelet.start(job, 1, "Pending");
                client.pods().inNamespace(NAMESPACE).withName(one.getMetadata().getName()).editStatus(p -> {
                    p.getStatus().setConditions(List.of(new io.fabric8.kubernetes.api.model.PodConditionBuilder().withType("PodScheduled")
                            .withStatus("False").withReason("Unschedulable").withMessage("0/3 nodes are available").build()));
                    return p;
                });
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        RunOutcome outcome = run(Duration.ofSeconds(10), 2);

        pending.get(10, TimeUnit.SECONDS);
        assertThat(outcome.exitCode()).isEqualTo(3);
        assertThat(outcome.summary().reasons()).anySatisfy(r -> assertThat(r).contains("workers [0, 1] of 2 did not register within 10 s")
                .contains("worker 1: pod soakrig-kube-run-1-x1 (Pending: Unschedulable (0/3 nodes are available))"));
        assertNothingLeft();
    }

    @Test
    void aWorkerWhoseGeneratorIsNeverReadyMakesTheRunInconclusiveNamingItWithinTheBoundAndTheOthersAreToldToStop() throws Exception {
        int port = freePort();
        URI coordinator = URI.create("http://127.0.0.1:" + port);
        CompletableFuture<List<Boolean>> toldToStop = CompletableFuture.supplyAsync(() -> {
            try {
                Job job = submitted();
                KubeletPlay kubelet = new KubeletPlay(client, NAMESPACE);
                for (int i = 0; i < 3; i++) {
                    kubelet.start(job, i, "Running");
                }
                WorkerPlay workers = new WorkerPlay(coordinator, TOKEN);
                workers.registerAll(3);
                java.util.concurrent.ExecutorService others = java.util.concurrent.Executors.newFixedThreadPool(2);
                try {
                    java.util.concurrent.Future<Boolean> booting = others.submit(() -> workers.toldToStopAtHeartbeat(2));
                    assertThat(workers.ready(0).startAtMillis()).as("worker 2's generator never gets ready").isZero();
                    workers.ready(1);
                    java.util.concurrent.Future<Boolean> one = others.submit(() -> workers.toldToStop(1));
                    return List.of(workers.toldToStop(0), one.get(30, TimeUnit.SECONDS), booting.get(30, TimeUnit.SECONDS));
                } finally {
                    others.shutdownNow();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        long start = System.nanoTime();
        RunOutcome outcome = run(Duration.ofSeconds(60), 3, port, Duration.ofSeconds(6));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(toldToStop.get(30, TimeUnit.SECONDS)).as("every worker in touch was told to stop, none given a start: ready 0 and 1 "
                + "at their ready polls, booting 2 at its heartbeat a second apart, before the coordinator closed").containsExactly(true, true, true);
        assertThat(outcome.exitCode()).isEqualTo(3);
        assertThat(outcome.summary().verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(outcome.summary().reasons()).anySatisfy(r -> assertThat(r)
                .contains("workers [2] of 3 were not ready to start within 6 s of the last registration (worker 2: pod soakrig-kube-run-2-x2")
                .contains("no start was given and every worker was told to stop"));
        assertThat(took).as("the run ends at the readiness bound, not at a later one").isLessThan(Duration.ofSeconds(60));
        com.fasterxml.jackson.databind.JsonNode status = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(tmp.resolve("run").resolve("workers.json").toFile());
        assertThat(status.get("startAtMillis").asLong()).isZero();
        assertThat(status.get("workers").findValues("readyMillis").stream().map(n -> n.asLong() > 0).toList())
                .as("which workers' generators said they were ready").containsExactly(true, true, false);
        assertNothingLeft();
    }

    /** Plays a url-target profile with its load on a worker Job of {@code count} pods, whose pods must register within {@code registration}. */
    private RunOutcome run(Duration registration, int count) throws Exception {
        return run(registration, count, 0, WorkerProtocol.READY_WITHIN);
    }

    /** The same, with the coordinator on {@code port} (0: any) and the generators given {@code readiness} to be ready. */
    private RunOutcome run(Duration registration, int count, int port, Duration readiness) throws Exception {
        try (ServerSocket target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Path profileFile = Files.writeString(tmp.resolve("kube-run.yaml"),
                    TestProfiles.urlTarget("kube-run", "http://127.0.0.1:" + target.getLocalPort(), 5, "20s"));
            Profile profile = new ProfileLoader().load(profileFile);
            WorkerJob job = new WorkerJob(new RunName("kube-run"), NAMESPACE, count, "registry.example/soakrig:0.1",
                    URI.create("http://127.0.0.1:" + (port == 0 ? 7070 : port)), TOKEN, "", JobDeadline.of(profile.plannedDuration(), registration),
                    "1", "2Gi");
            WorkerFleet fleet = readinessOf(new KubernetesFleet(client, job, new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                    registration, said::add), readiness);
            StringWriter progress = new StringWriter();
            return new SoakRun(profile, profileFile, RunDirectory.create(tmp.resolve("run")), null, new TargetPolicy(List.of()).check(profile).pinned(),
                    SimulationClasspath.NONE, new ProgressDisplay(new PrintWriter(progress), false), summary -> { }, fleet, new LiveMetrics()).execute();
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return free.getLocalPort();
        }
    }

    /** {@code fleet}, but its generators get {@code readiness} to be ready. */
    private static WorkerFleet readinessOf(WorkerFleet fleet, Duration readiness) {
        return (WorkerFleet) java.lang.reflect.Proxy.newProxyInstance(WorkerFleet.class.getClassLoader(), new Class<?>[] {WorkerFleet.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("readiness")) {
                        return readiness;
                    }
                    try {
                        return method.invoke(fleet, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** The run's Job, once it is submitted. */
    private Job submitted() throws InterruptedException {
        KubernetesFleetTest.await("the Job submitted", () -> client.batch().v1().jobs().inNamespace(NAMESPACE).withName("soakrig-kube-run").get() != null);
        return client.batch().v1().jobs().inNamespace(NAMESPACE).withName("soakrig-kube-run").get();
    }

    private void assertNothingLeft() {
        assertThat(client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems()).isEmpty();
        assertThat(client.configMaps().inNamespace(NAMESPACE).list().getItems()).isEmpty();
        assertThat(client.secrets().inNamespace(NAMESPACE).list().getItems()).isEmpty();
        assertThat(said).contains("[soakrig] deleted Job load/soakrig-kube-run");
    }
}
