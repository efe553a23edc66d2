package io.soakrig.harness.cli;

import io.soakrig.harness.kubernetes.JobDeadline;
import io.soakrig.harness.kubernetes.RunName;
import io.soakrig.harness.kubernetes.WorkerJob;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The flags {@code kubernetes render} and {@code kubernetes run} share: what the worker Job is made of. */
final class KubernetesOptions {
    @Option(names = "--image", paramLabel = "IMAGE", description = "The workers' container image; its entrypoint must be soakrig.")
    String image;

    @Option(names = "--coordinator-url", paramLabel = "URL",
            description = "Where the pods reach the coordinator, http://HOST:PORT (this machine, as the cluster's network sees it).")
    URI coordinatorUrl;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS",
            description = "The namespace of the run's objects (default: the kubeconfig context's, else 'default'; render: none written).")
    String namespace;

    @Option(names = "--worker-cpu", paramLabel = "QUANTITY", defaultValue = "1",
            description = "Each worker pod's CPU, requested and limited alike (default ${DEFAULT-VALUE}).")
    String cpu;

    @Option(names = "--worker-memory", paramLabel = "QUANTITY", defaultValue = "2Gi",
            description = "Each worker pod's memory, requested and limited alike, at least " + WorkerJob.MIN_MEMORY_MIB + "Mi: the Gatling JVM's heap, "
                    + "the worker's, and their native memory (default ${DEFAULT-VALUE}).")
    String memory;

    @Option(names = "--run-name", paramLabel = "NAME",
            description = "Names and labels the run's objects (default: render: the profile's name; run: the run directory's name).")
    String runName;

    @Option(names = "--schedule-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "How long the pods get to be scheduled, pull the image and register (default ${DEFAULT-VALUE}).")
    long scheduleTimeoutSeconds;

    /** The run's name: {@code --run-name}, else one made of {@code fallback}. */
    RunName runName(String fallback) {
        return runName != null ? new RunName(runName) : RunName.of(fallback);
    }

    /** How long the pods get to register; rejects what is not a positive number of seconds. */
    Duration registration() {
        if (scheduleTimeoutSeconds < 1) {
            throw new IllegalArgumentException("--schedule-timeout must be a positive number of seconds, was " + scheduleTimeoutSeconds);
        }
        return Duration.ofSeconds(scheduleTimeoutSeconds);
    }

    /** The Job for these flags; rejects a missing image or URL, a bad quantity, a worker count out of range. */
    WorkerJob job(RunName run, String namespace, int workers, String token, String profileYaml, Duration planned) {
        if (image == null) {
            throw new IllegalArgumentException("--image is required: the workers' container image");
        }
        if (coordinatorUrl == null) {
            throw new IllegalArgumentException("--coordinator-url is required: where the pods reach the coordinator, http://HOST:PORT");
        }
        quantity("--worker-cpu", cpu);
        quantity("--worker-memory", memory);
        return new WorkerJob(run, namespace, workers, image, coordinatorUrl, token, profileYaml, JobDeadline.of(planned, registration()),
                cpu, memory);
    }

    private static void quantity(String flag, String value) {
        if (!value.matches("[0-9]+(\\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?")) {
            throw new IllegalArgumentException(flag + " must be a Kubernetes quantity such as 1, 500m or 1Gi, was " + value);
        }
    }
}
