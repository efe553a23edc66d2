package io.soakrig.harness.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.soakrig.harness.workers.WorkerProtocol;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rendered manifests: the same bytes for the same run, and every field the run relies on, read back through fabric8's model. */
class WorkerJobManifestsTest {
    private static final String PROFILE = "name: checkout\ntraffic: {}\n";
    private static final String TOKEN = "0123456789abcdef";

    private static WorkerJob job(int workers) {
        return new WorkerJob(new RunName("checkout-1"), "load", workers, "registry.example/soakrig:0.1", URI.create("http://10.1.2.3:7070"),
                TOKEN, PROFILE, JobDeadline.of(Duration.ofSeconds(600), Duration.ofSeconds(300)), "2", "2560Mi");
    }

    @Test
    void theSameRunRendersTheSameBytes() {
        assertThat(new WorkerJobManifests(job(8)).yaml()).isEqualTo(new WorkerJobManifests(job(8)).yaml());
        assertThat(new WorkerJobManifests(job(8)).yaml()).isNotEqualTo(new WorkerJobManifests(job(9)).yaml());
    }

    @Test
    void everyRenderedDocumentReadsBackIntoTheModelWithTheRunsFields() {
        List<HasMetadata> objects = documents(new WorkerJobManifests(job(8)).yaml());

        assertThat(objects).extracting(HasMetadata::getKind).containsExactly("ConfigMap", "Secret", "Job");
        Map<String, String> labels = Map.of("app.kubernetes.io/name", "soakrig", "app.kubernetes.io/component", "worker",
                WorkerJob.RUN_LABEL, "checkout-1");
        objects.forEach(o -> {
            assertThat(o.getMetadata().getLabels()).as(o.getKind()).isEqualTo(labels);
            assertThat(o.getMetadata().getNamespace()).isEqualTo("load");
        });

        ConfigMap profile = (ConfigMap) objects.get(0);
        assertThat(profile.getMetadata().getName()).isEqualTo("soakrig-checkout-1-profile");
        assertThat(profile.getData()).containsExactly(Map.entry(WorkerJobManifests.PROFILE_KEY, PROFILE));

        Secret token = (Secret) objects.get(1);
        assertThat(token.getMetadata().getName()).isEqualTo("soakrig-checkout-1-token");
        assertThat(new String(Base64.getDecoder().decode(token.getData().get(WorkerJobManifests.TOKEN_KEY)), StandardCharsets.UTF_8))
                .isEqualTo(TOKEN);

        Job job = (Job) objects.get(2);
        assertThat(job.getMetadata().getName()).isEqualTo("soakrig-checkout-1");
        assertThat(job.getSpec().getCompletionMode()).isEqualTo("Indexed");
        assertThat(job.getSpec().getCompletions()).isEqualTo(8);
        assertThat(job.getSpec().getParallelism()).isEqualTo(8);
        assertThat(job.getSpec().getBackoffLimitPerIndex()).isZero();
        assertThat(job.getSpec().getActiveDeadlineSeconds()).as("plan 600 + schedule 300 + ready 120 + without the coordinator 15 + overrun 120 + margin 60").isEqualTo(1215L);
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels()).isEqualTo(labels);
        assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
        Container worker = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(worker.getImage()).isEqualTo("registry.example/soakrig:0.1");
        assertThat(worker.getArgs()).containsExactly("worker", "--coordinator", "http://10.1.2.3:7070", "--dir", "/var/lib/soakrig/worker");
        assertThat(worker.getResources().getRequests()).isEqualTo(Map.of("cpu", new Quantity("2"), "memory", new Quantity("2560Mi")));
        assertThat(worker.getResources().getLimits()).isEqualTo(worker.getResources().getRequests());
        EnvVar index = env(worker, "JOB_COMPLETION_INDEX");
        assertThat(index.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.annotations['batch.kubernetes.io/job-completion-index']");
        assertThat(env(worker, "MALLOC_TRIM_THRESHOLD_").getValue()).isEqualTo("131072");
        EnvVar secret = env(worker, WorkerProtocol.TOKEN_ENV);
        assertThat(secret.getValue()).isNull();
        assertThat(secret.getValueFrom().getSecretKeyRef().getName()).isEqualTo("soakrig-checkout-1-token");
        assertThat(secret.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(WorkerJobManifests.TOKEN_KEY);
        assertThat(Serialization.asYaml(job)).as("the token is only in the Secret").doesNotContain(TOKEN);
        assertThat(Serialization.asYaml(profile)).doesNotContain(TOKEN);
        assertThat(job.getSpec().getTemplate().getSpec().getVolumes()).anySatisfy(v ->
                assertThat(v.getConfigMap().getName()).isEqualTo("soakrig-checkout-1-profile"));
    }

    @Test
    void aJobThatCannotBeIsRefusedWithTheFlagNamed() {
        assertThatThrownBy(() -> new WorkerJob(new RunName("r"), null, 65, "img", URI.create("http://10.0.0.1:7070"), TOKEN, "", Duration.ofSeconds(1), "1", "2Gi"))
                .hasMessage("--workers must be 1..64, was 65");
        assertThatThrownBy(() -> new WorkerJob(new RunName("r"), null, 2, " ", URI.create("http://10.0.0.1:7070"), TOKEN, "", Duration.ofSeconds(1), "1", "2Gi"))
                .hasMessageStartingWith("--image must name a container image");
        assertThatThrownBy(() -> new WorkerJob(new RunName("r"), null, 2, "img", URI.create("http://10.0.0.1"), TOKEN, "", Duration.ofSeconds(1), "1", "2Gi"))
                .hasMessageStartingWith("--coordinator-url must be http://HOST:PORT");
        assertThatThrownBy(() -> new WorkerJob(new RunName("r"), null, 2, "img", URI.create("http://10.0.0.1:7070"), TOKEN, "", Duration.ofSeconds(1), "1", "1Gi"))
                .hasMessage("--worker-memory 1Gi cannot hold a worker pod's two JVMs (Gatling's heap up to 1024 MiB, the worker's a quarter "
                        + "of the pod, 384 MiB of native memory): give at least 1878Mi, e.g. 2Gi");
        assertThat(new WorkerJob(new RunName("r"), null, 2, "img", URI.create("http://10.0.0.1:7070"), TOKEN, "", Duration.ofSeconds(1), "1",
                "1878Mi").memory()).isEqualTo("1878Mi");
        assertThatThrownBy(() -> new WorkerJob(new RunName("r"), null, 2, "img", URI.create("http://10.0.0.1:7070"), TOKEN, "", Duration.ofSeconds(1), "1", "1877Mi"))
                .hasMessageStartingWith("--worker-memory 1877Mi cannot hold");
        assertThatThrownBy(() -> new WorkerJob(new RunName("r"), null, 2, "img", URI.create("http://10.0.0.1:7070"), TOKEN, "", Duration.ofSeconds(1), "1", "two gigs"))
                .hasMessage("--worker-memory must be a Kubernetes quantity such as 2Gi, 2048Mi or 3G, was two gigs");
    }

    @Test
    void aRunNameFitsKubernetesNames() {
        assertThat(RunName.of("Checkout_Soak-20261129-183000").value()).isEqualTo("checkout-soak-20261129-183000");
        assertThat(RunName.of("a-very-long-profile-name-that-goes-on-and-on-20261129-183000").value())
                .hasSizeLessThanOrEqualTo(RunName.MAX).endsWith("20261129-183000");
        assertThatThrownBy(() -> new RunName("Bad_Name")).isInstanceOf(IllegalArgumentException.class);
    }

    static List<HasMetadata> documents(String yaml) {
        return Arrays.stream(yaml.split("(?m)^---$")).filter(d -> !d.isBlank()).map(d -> (HasMetadata) Serialization.unmarshal(d)).toList();
    }

    private static EnvVar env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow();
    }
}
