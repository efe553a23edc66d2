package io.soakrig.harness.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.soakrig.contract.RunLayout;
import io.soakrig.harness.workers.WorkerFleet;
import io.soakrig.harness.workers.WorkerHandle;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The worker Job against fabric8's mock API server in CRUD mode, the test playing the kubelet ({@link KubeletPlay}). */
@EnableKubernetesMockClient(crud = true)
@Timeout(60)
class KubernetesFleetTest {
    static final String NAMESPACE = "load";
    KubernetesClient client;

    @TempDir
    Path tmp;

    static WorkerJob job(int workers) {
        return new WorkerJob(new RunName("fleet-test"), NAMESPACE, workers, "registry.example/soakrig:0.1", URI.create("http://127.0.0.1:7070"),
                "0123456789abcdef", "", Duration.ofSeconds(900), "1", "2Gi");
    }

    @Test
    void submitsTheRunFollowsEachIndexThroughItsPodsAndLeavesNothingBehind() throws Exception {
        List<String> said = new CopyOnWriteArrayList<>();
        KubernetesFleet fleet = new KubernetesFleet(client, job(3), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                Duration.ofSeconds(30), said::add);

        WorkerFleet.Launched launched = fleet.launch(URI.create("http://127.0.0.1:7070"), fleet.token(), RunLayout.of(tmp), "name: fleet\n");

        Job job = client.batch().v1().jobs().inNamespace(NAMESPACE).withName("soakrig-fleet-test").get();
        assertThat(job.getSpec().getCompletionMode()).isEqualTo("Indexed");
        assertThat(job.getSpec().getCompletions()).isEqualTo(3);
        assertThat(client.configMaps().inNamespace(NAMESPACE).withName("soakrig-fleet-test-profile").get().getData())
                .containsEntry(WorkerJobManifests.PROFILE_KEY, "name: fleet\n");
        assertThat(client.secrets().inNamespace(NAMESPACE).withName("soakrig-fleet-test-token").get()).isNotNull();
        assertThat(job.getMetadata().getUid()).isNotBlank();
        for (io.fabric8.kubernetes.api.model.HasMetadata dependent : List.of(
                client.configMaps().inNamespace(NAMESPACE).withName("soakrig-fleet-test-profile").get(),
                client.secrets().inNamespace(NAMESPACE).withName("soakrig-fleet-test-token").get())) {
            assertThat(dependent.getMetadata().getOwnerReferences()).as("%s is the Job's: the garbage collector removes it with the Job",
                    dependent.getKind()).singleElement().satisfies(owner -> {
                        assertThat(owner.getKind()).isEqualTo("Job");
                        assertThat(owner.getApiVersion()).isEqualTo("batch/v1");
                        assertThat(owner.getName()).isEqualTo("soakrig-fleet-test");
                        assertThat(owner.getUid()).isEqualTo(job.getMetadata().getUid());
                    });
        }
        List<WorkerHandle> workers = launched.workers();
        assertThat(workers).allSatisfy(w -> assertThat(w.alive()).isTrue()).allSatisfy(w -> assertThat(w.label()).isEqualTo("no pod yet"));

        KubeletPlay kubelet = new KubeletPlay(client, NAMESPACE);
        Pod zero = kubelet.start(job, 0, "Running");
        Pod one = kubelet.start(job, 1, "Running");
        Pod two = kubelet.start(job, 2, "Pending");
        await("pod 0 seen running", () -> workers.get(0).label().contains("(Running)"));
        kubelet.phase(one, "Failed", 3);
        kubelet.phase(zero, "Succeeded", 0);

        await("index 1 failed", () -> workers.get(1).exitCode() != null);
        assertThat(workers.get(1).exitCode()).isEqualTo(3);
        assertThat(workers.get(1).label()).isEqualTo("pod " + one.getMetadata().getName() + " (Failed: Error (exit code 3))");
        await("index 0 done", () -> Integer.valueOf(0).equals(workers.get(0).exitCode()));
        assertThat(workers.get(2).alive()).as("pending: may still register").isTrue();
        assertThat(workers.get(2).label()).isEqualTo("pod " + two.getMetadata().getName() + " (Pending)");
        assertThat(workers.get(1).identity()).containsEntry("pod", one.getMetadata().getName());

        launched.close();

        assertThat(client.batch().v1().jobs().inNamespace(NAMESPACE).withLabel(WorkerJob.RUN_LABEL, "fleet-test").list().getItems()).isEmpty();
        assertThat(client.configMaps().inNamespace(NAMESPACE).withLabel(WorkerJob.RUN_LABEL, "fleet-test").list().getItems()).isEmpty();
        assertThat(client.secrets().inNamespace(NAMESPACE).withLabel(WorkerJob.RUN_LABEL, "fleet-test").list().getItems()).isEmpty();
        assertThat(said).contains("[soakrig] created Job load/soakrig-fleet-test", "[soakrig] deleted Job load/soakrig-fleet-test",
                "[soakrig] deleted Secret load/soakrig-fleet-test-token", "[soakrig] deleted ConfigMap load/soakrig-fleet-test-profile");
    }

    @Test
    void aRetriedPodIsNotAMissingShareUntilItsIndexIsOutOfRetries() {
        Pod failed = new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata().withName("p-1-a").withCreationTimestamp("2026-11-29T10:00:00Z")
                .endMetadata().withNewStatus().withPhase("Failed").endStatus().build();
        Pod retried = new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata().withName("p-1-b").withCreationTimestamp("2026-11-29T10:00:05Z")
                .endMetadata().withNewStatus().withPhase("Running").endStatus().build();

        assertThat(IndexState.of(List.of(failed, retried), 1).alive()).isTrue();
        assertThat(IndexState.of(List.of(failed, retried), 1).label()).isEqualTo("pod p-1-b (Running)");
        assertThat(IndexState.of(List.of(failed), 0).exitCode()).as("no container exit code reported").isEqualTo(-1);
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within 20 s: " + what);
            }
            Thread.sleep(50);
        }
    }
}
