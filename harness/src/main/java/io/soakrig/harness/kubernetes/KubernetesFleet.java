package io.soakrig.harness.kubernetes;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.soakrig.contract.RunLayout;
import io.soakrig.harness.workers.WorkerFleet;
import io.soakrig.harness.workers.WorkerHandle;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The workers of a run as the pods of an Indexed Job ({@code soakrig kubernetes run}): it creates
 * the run's ConfigMap, Secret and Job through fabric8, follows the pods of each index through an
 * informer ({@link IndexState}), and deletes everything it created when the run ends — on every
 * path, an interrupted run's too (through {@link Launched#abort()}).
 *
 * <p>The coordinator is this process, outside the cluster: the pods reach it at the URL they were
 * given, which is why that URL is a parameter and not derived from where it listens.
 */
public final class KubernetesFleet implements WorkerFleet {
    private final KubernetesClient client;
    private final WorkerJob job;
    private final InetSocketAddress bind;
    private final Duration registration;
    private final Consumer<String> log;

    /**
     * @param client       talks to the cluster
     * @param job          the run's Job: its namespace, workers, coordinator URL and token (its profile is the run's copy, given at launch)
     * @param bind         where the coordinator listens
     * @param registration how long the pods get to be scheduled, pull their image and register
     * @param log          where what it creates and deletes is said
     */
    public KubernetesFleet(KubernetesClient client, WorkerJob job, InetSocketAddress bind, Duration registration, Consumer<String> log) {
        this.client = client;
        this.job = job;
        this.bind = bind;
        this.registration = registration;
        this.log = log;
    }

    @Override
    public int count() {
        return job.count();
    }

    @Override
    public boolean spread() {
        return true;
    }

    @Override
    public InetSocketAddress coordinatorAddress() {
        return bind;
    }

    @Override
    public Duration registration() {
        return registration;
    }

    @Override
    public String token() {
        return job.token();
    }

    @Override
    public Launched launch(URI coordinator, String runToken, RunLayout layout, String profileYaml) throws IOException {
        if (!runToken.equals(job.token())) {
            throw new IllegalArgumentException("the run's token is the Job's (token())");
        }
        String namespace = job.namespace();
        WorkerJobManifests manifests = new WorkerJobManifests(job.withProfile(profileYaml));
        Submitted submitted = new Submitted(manifests, layout);
        try {
            HasMetadata made = null;
            for (HasMetadata object : manifests.all()) {
                made = client.resource(object).inNamespace(namespace).create();
                submitted.created.add(object);
                log.accept("[soakrig] created " + object.getKind() + " " + namespace + "/" + object.getMetadata().getName());
            }
            ownedByTheJob(List.of(manifests.profile(), manifests.token()), made);
            submitted.pods = client.pods().inNamespace(job.namespace()).withLabel(WorkerJob.RUN_LABEL, manifests.labels().get(WorkerJob.RUN_LABEL))
                    .inform();
        } catch (KubernetesClientException e) {
            submitted.abort();
            throw new IOException("could not submit the workers' Job to namespace " + namespace + ": " + e.getMessage(), e);
        }
        return submitted;
    }

    /**
     * Makes {@code dependents} the created Job's, so that Kubernetes' garbage collector removes
     * them with it: when the coordinator is killed before it can clean up (-9), the Job's
     * {@code ttlSecondsAfterFinished} removes it and these follow. Set once the Job exists: its uid
     * is the cluster's.
     */
    private void ownedByTheJob(List<HasMetadata> dependents, HasMetadata job) {
        OwnerReference owner = new OwnerReferenceBuilder().withApiVersion(job.getApiVersion()).withKind(job.getKind())
                .withName(job.getMetadata().getName()).withUid(job.getMetadata().getUid()).build();
        for (HasMetadata dependent : dependents) {
            client.resource(dependent).inNamespace(job.getMetadata().getNamespace()).edit(d -> {
                d.getMetadata().setOwnerReferences(List.of(owner));
                return d;
            });
        }
    }

    /** The objects created for one run, and its pods as the informer last saw them. */
    private final class Submitted implements Launched {
        private final WorkerJobManifests manifests;
        private final RunLayout layout;
        private final List<HasMetadata> created = new ArrayList<>();
        private volatile SharedIndexInformer<Pod> pods;
        private boolean removed;

        Submitted(WorkerJobManifests manifests, RunLayout layout) {
            this.manifests = manifests;
            this.layout = layout;
        }

        @Override
        public List<WorkerHandle> workers() {
            List<WorkerHandle> handles = new ArrayList<>();
            for (int i = 0; i < job.count(); i++) {
                handles.add(new PodWorker(i, this));
            }
            return handles;
        }

        @Override
        public URI coordinatorUrl() {
            return job.coordinatorUrl();
        }

        IndexState state(int index) {
            SharedIndexInformer<Pod> informer = pods;
            List<Pod> ofIndex = informer == null ? List.of() : informer.getStore().list().stream().filter(p -> index(p) == index).toList();
            return IndexState.of(ofIndex, 0);
        }

        @Override
        public void close() {
            keepLogs();
            abort();
        }

        /** Deletes the Job (its pods with it, in the background), the Secret and the ConfigMap: the last created first. */
        @Override
        public synchronized void abort() {
            if (removed) {
                return;
            }
            removed = true;
            if (pods != null) {
                pods.close();
            }
            for (int i = created.size() - 1; i >= 0; i--) {
                HasMetadata object = created.get(i);
                try {
                    client.resource(object).inNamespace(job.namespace()).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
                    log.accept("[soakrig] deleted " + object.getKind() + " " + job.namespace() + "/" + object.getMetadata().getName());
                } catch (KubernetesClientException e) {
                    log.accept("[soakrig] could not delete " + object.getKind() + " " + job.namespace() + "/" + object.getMetadata().getName()
                            + " (" + e.getMessage() + "); delete the run's objects by label " + WorkerJob.RUN_LABEL + "="
                            + manifests.labels().get(WorkerJob.RUN_LABEL));
                }
            }
        }

        /** Copies each index's latest pod log into {@code logs/worker-<i>.log}, as far as the cluster still has it. */
        private void keepLogs() {
            for (int i = 0; i < job.count(); i++) {
                String pod = state(i).pod();
                if (pod == null) {
                    continue;
                }
                try {
                    String text = client.pods().inNamespace(job.namespace()).withName(pod).getLog();
                    if (text != null) {
                        Files.writeString(layout.workerLog(i), text, StandardCharsets.UTF_8);
                    }
                } catch (KubernetesClientException | IOException e) {
                    log.accept("[soakrig] could not keep the log of pod " + pod + ": " + e.getMessage());
                }
            }
        }
    }

    /** The index of an Indexed Job's pod, from its label or annotation; -1 when it has none. */
    static int index(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String value = labels != null && labels.containsKey(WorkerJobManifests.INDEX_KEY) ? labels.get(WorkerJobManifests.INDEX_KEY)
                : annotations == null ? null : annotations.get(WorkerJobManifests.INDEX_KEY);
        try {
            return value == null ? -1 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The worker of one index, as its pods show it. */
    private record PodWorker(int index, Submitted run) implements WorkerHandle {
        @Override
        public boolean alive() {
            return run.state(index).alive();
        }

        @Override
        public Integer exitCode() {
            return run.state(index).exitCode();
        }

        @Override
        public String label() {
            return run.state(index).label();
        }

        @Override
        public Path log() {
            return run.layout.workerLog(index);
        }

        @Override
        public Map<String, Object> identity() {
            Map<String, Object> identity = new LinkedHashMap<>();
            identity.put("pod", run.state(index).pod());
            return identity;
        }
    }
}
