package io.soakrig.harness.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.Map;

/**
 * The mock API server runs no pods: this plays the Job controller and the kubelet for a test, by
 * writing the pods an Indexed Job would have and their phases into the mock.
 */
final class KubeletPlay {
    private final KubernetesClient client;
    private final String namespace;

    KubeletPlay(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** Creates index {@code index}'s pod of {@code job}, with the labels and annotation the Job controller gives it, in {@code phase}. */
    Pod start(Job job, int index, String phase) {
        Map<String, String> labels = new HashMap<>(job.getSpec().getTemplate().getMetadata().getLabels());
        labels.put(WorkerJobManifests.INDEX_KEY, Integer.toString(index));
        labels.put("job-name", job.getMetadata().getName());
        Pod pod = new PodBuilder().withNewMetadata().withName(job.getMetadata().getName() + "-" + index + "-x" + index)
                .withNamespace(namespace).withLabels(labels).withAnnotations(Map.of(WorkerJobManifests.INDEX_KEY, Integer.toString(index)))
                .endMetadata().withSpec(job.getSpec().getTemplate().getSpec()).withNewStatus().withPhase(phase).endStatus().build();
        return client.pods().inNamespace(namespace).resource(pod).create();
    }

    /** Moves {@code pod} to {@code phase}; a container exit code when it ended. */
    void phase(Pod pod, String phase, Integer exitCode) {
        client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).editStatus(p -> {
            PodBuilder edited = new PodBuilder(p).editStatus().withPhase(phase).endStatus();
            if (exitCode != null) {
                edited.editStatus().addNewContainerStatus().withName("worker").withNewState().withNewTerminated()
                        .withExitCode(exitCode).withReason(exitCode == 0 ? "Completed" : "Error").endTerminated().endState()
                        .endContainerStatus().endStatus();
            }
            return edited.build();
        });
    }
}
