package io.soakrig.harness.kubernetes;

import io.fabric8.kubernetes.api.model.Quantity;
import io.soakrig.contract.SimulationLaunch;
import io.soakrig.contract.workers.WorkerShare;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything one run's worker Job is made from. Two runs with equal {@code WorkerJob}s render the
 * same bytes ({@link WorkerJobManifests}), so a rendered Job can be reviewed, committed and
 * compared.
 *
 * @param run            names the objects and labels them
 * @param namespace      where they go; null leaves it to {@code kubectl apply -n}
 * @param count          the number of workers, completions and parallelism alike
 * @param image          an image whose entrypoint is {@code soakrig}
 * @param coordinatorUrl where the pods reach the coordinator
 * @param token          the run's token; it goes only into the Secret
 * @param profileYaml    the profile as the workers play it
 * @param deadline       the Job's {@code activeDeadlineSeconds}: the plan and every allowance ({@link JobDeadline})
 * @param cpu            each worker pod's CPU, request and limit (a quantity, e.g. {@code 1} or {@code 500m})
 * @param memory         each worker pod's memory, request and limit (e.g. {@code 2Gi}), at least
 *                       {@link #MIN_MEMORY_MIB} MiB
 */
public record WorkerJob(RunName run, String namespace, int count, String image, URI coordinatorUrl, String token, String profileYaml,
                        Duration deadline, String cpu, String memory) {
    /** The label every object of a run carries, valued with its {@link RunName}: how a run's leftovers are found. */
    public static final String RUN_LABEL = "soakrig.io/run";

    /**
     * A worker pod runs two JVMs: the worker itself (the {@code soakrig} launcher sets no heap, so
     * the JVM takes a quarter of the pod's limit) and the Gatling JVM it starts, whose heap may
     * grow to {@link SimulationLaunch#MAX_HEAP_MB}. With their native memory (metaspace, code
     * cache, threads, Netty's buffers: {@link #NATIVE_MIB}) they must fit under the limit, or the
     * kubelet kills the load generator at its busiest: the heap-above-limit of seed 002, in
     * soakrig's own pods. A smaller {@code --worker-memory} is refused before anything is created.
     */
    public static final long MIN_MEMORY_MIB = ((SimulationLaunch.MAX_HEAP_MB + WorkerJob.NATIVE_MIB) * 4 + 2) / 3;
    /** Both JVMs' memory outside their heaps, MiB. */
    static final long NATIVE_MIB = 384;

    public WorkerJob {
        Objects.requireNonNull(run, "run");
        if (count < 1 || count > WorkerShare.MAX_WORKERS) {
            throw new IllegalArgumentException("--workers must be 1.." + WorkerShare.MAX_WORKERS + ", was " + count);
        }
        if (image == null || image.isBlank() || image.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("--image must name a container image (e.g. registry.example/soakrig:0.1), was '" + image + "'");
        }
        if (coordinatorUrl == null || !"http".equals(coordinatorUrl.getScheme()) || coordinatorUrl.getHost() == null
                || coordinatorUrl.getPort() < 1) {
            throw new IllegalArgumentException("--coordinator-url must be http://HOST:PORT, the address the pods reach the coordinator at, was "
                    + coordinatorUrl);
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the run's token is empty");
        }
        Objects.requireNonNull(profileYaml, "profileYaml");
        if (deadline == null || deadline.toSeconds() < 1) {
            throw new IllegalArgumentException("the Job's deadline must be at least a second, was " + deadline);
        }
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(memory, "memory");
        if (memoryMib(memory) < MIN_MEMORY_MIB) {
            throw new IllegalArgumentException("--worker-memory " + memory + " cannot hold a worker pod's two JVMs (Gatling's heap up to "
                    + SimulationLaunch.MAX_HEAP_MB + " MiB, the worker's a quarter of the pod, " + NATIVE_MIB
                    + " MiB of native memory): give at least " + MIN_MEMORY_MIB + "Mi, e.g. 2Gi");
        }
    }

    private static double memoryMib(String memory) {
        try {
            return Quantity.getAmountInBytes(new Quantity(memory)).doubleValue() / (1024 * 1024);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException("--worker-memory must be a Kubernetes quantity such as 2Gi, was " + memory);
        }
    }

    /** This job with {@code yaml} as its profile. */
    public WorkerJob withProfile(String yaml) {
        return new WorkerJob(run, namespace, count, image, coordinatorUrl, token, yaml, deadline, cpu, memory);
    }

    /** The Job's name, which its pods' names start with. */
    public String jobName() {
        return "soakrig-" + run;
    }

    /** The profile's ConfigMap. */
    public String profileName() {
        return jobName() + "-profile";
    }

    /** The token's Secret. */
    public String tokenName() {
        return jobName() + "-token";
    }
}
