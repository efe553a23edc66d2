package io.soakrig.harness.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.soakrig.contract.NativeHeapTrim;
import io.soakrig.harness.workers.WorkerProtocol;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A run's Kubernetes objects, built with fabric8's typed model (never text templates, so that
 * what is rendered is what the API accepts): the profile as a ConfigMap, the token as a Secret,
 * and an Indexed Job of one pod per share.
 *
 * <p>Why each field: {@code completionMode: Indexed} gives each pod its share
 * ({@code JOB_COMPLETION_INDEX}, read by {@code soakrig worker}); {@code completions = parallelism}
 * because every share must play at once; {@code backoffLimitPerIndex: 0} because a retried pod
 * cannot rejoin a shared start that has passed — a failed share is missing, and the run says so;
 * {@code activeDeadlineSeconds} bounds the pods even if the coordinator dies ({@link JobDeadline});
 * the token reaches the pods only through {@code secretKeyRef}, never in arguments or the ConfigMap;
 * requests equal limits so that a generator's CPU does not vary with its neighbours'; glibc's trim
 * threshold fixed, as for every long-lived JVM soakrig starts ({@link NativeHeapTrim#environment}).
 */
public final class WorkerJobManifests {
    /** Where the profile's ConfigMap is mounted in the pods. */
    public static final String PROFILE_DIR = "/etc/soakrig";
    /** The profile's key in its ConfigMap. */
    public static final String PROFILE_KEY = "profile.yaml";
    /** The token's key in its Secret. */
    public static final String TOKEN_KEY = "token";
    /** Where each worker's generator writes, in the pod. */
    public static final String WORK_DIR = "/var/lib/soakrig";
    /** The annotation (and, from Kubernetes 1.28, label) a pod of an Indexed Job carries its index in. */
    public static final String INDEX_KEY = "batch.kubernetes.io/job-completion-index";
    /** After its end, Kubernetes removes the Job within this (for when its coordinator could not). */
    static final int TTL_AFTER_FINISHED_SECONDS = 600;

    private final WorkerJob job;

    public WorkerJobManifests(WorkerJob job) {
        this.job = job;
    }

    /** The labels of every object and pod of the run, in a fixed order. */
    public Map<String, String> labels() {
        Map<String, String> labels = new TreeMap<>();
        labels.put("app.kubernetes.io/name", "soakrig");
        labels.put("app.kubernetes.io/component", "worker");
        labels.put(WorkerJob.RUN_LABEL, job.run().value());
        return labels;
    }

    public ConfigMap profile() {
        return new ConfigMapBuilder().withMetadata(meta(job.profileName())).withData(Map.of(PROFILE_KEY, job.profileYaml())).build();
    }

    public Secret token() {
        return new SecretBuilder().withMetadata(meta(job.tokenName())).withType("Opaque")
                .withData(Map.of(TOKEN_KEY, Base64.getEncoder().encodeToString(job.token().getBytes(StandardCharsets.UTF_8)))).build();
    }

    public Job job() {
        Map<String, Quantity> resources = new TreeMap<>(Map.of("cpu", new Quantity(job.cpu()), "memory", new Quantity(job.memory())));
        return new JobBuilder().withMetadata(meta(job.jobName()))
                .withNewSpec()
                .withCompletionMode("Indexed")
                .withCompletions(job.count())
                .withParallelism(job.count())
                .withBackoffLimitPerIndex(0)
                .withActiveDeadlineSeconds(job.deadline().toSeconds())
                .withTtlSecondsAfterFinished(TTL_AFTER_FINISHED_SECONDS)
                .withNewTemplate()
                .withNewMetadata().withLabels(labels()).endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .addNewContainer()
                .withName("worker")
                .withImage(job.image())
                .withArgs("worker", "--coordinator", job.coordinatorUrl().toString(), "--dir", WORK_DIR + "/worker")
                .addNewEnv().withName("JOB_COMPLETION_INDEX")
                .withNewValueFrom().withNewFieldRef().withFieldPath("metadata.annotations['" + INDEX_KEY + "']").endFieldRef().endValueFrom()
                .endEnv()
                .addNewEnv().withName(WorkerProtocol.TOKEN_ENV)
                .withNewValueFrom().withNewSecretKeyRef().withName(job.tokenName()).withKey(TOKEN_KEY).endSecretKeyRef().endValueFrom()
                .endEnv()
                .addNewEnv().withName(NativeHeapTrim.TRIM_THRESHOLD_VARIABLE).withValue(NativeHeapTrim.TRIM_THRESHOLD_BYTES).endEnv()
                .withNewResources().withRequests(resources).withLimits(resources).endResources()
                .addNewVolumeMount().withName("profile").withMountPath(PROFILE_DIR).withReadOnly(true).endVolumeMount()
                .addNewVolumeMount().withName("work").withMountPath(WORK_DIR).endVolumeMount()
                .endContainer()
                .addNewVolume().withName("profile").withNewConfigMap().withName(job.profileName()).endConfigMap().endVolume()
                .addNewVolume().withName("work").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /** In the order they must be created: what the pods mount and read before the Job that starts them. */
    public List<HasMetadata> all() {
        return List.of(profile(), token(), job());
    }

    /** Every object as YAML, one document each, {@code ---} between; the same job gives the same bytes. */
    public String yaml() {
        return all().stream().map(WorkerJobManifests::yaml).collect(Collectors.joining());
    }

    /** One object as one YAML document, starting with {@code ---}. */
    public static String yaml(HasMetadata object) {
        String text = Serialization.asYaml(object);
        return (text.startsWith("---") ? text : "---\n" + text) + (text.endsWith("\n") ? "" : "\n");
    }

    private ObjectMeta meta(String name) {
        return new ObjectMetaBuilder().withName(name).withNamespace(job.namespace()).withLabels(labels()).build();
    }
}
