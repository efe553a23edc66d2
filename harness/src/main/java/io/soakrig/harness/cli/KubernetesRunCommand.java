package io.soakrig.harness.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.soakrig.harness.kubernetes.ClusterTargets;
import io.soakrig.harness.kubernetes.KubernetesFleet;
import io.soakrig.harness.kubernetes.RunName;
import io.soakrig.harness.kubernetes.WorkerJob;
import io.soakrig.harness.workers.WorkerFleet;
import io.soakrig.harness.workers.WorkerProtocol;
import io.soakrig.profile.Profile;
import java.io.File;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code soakrig kubernetes run}: {@code run --workers N} with the workers as the pods of an
 * Indexed Job. Everything else is the run's: the same checks, targets, coordinator, merge, run
 * directory and verdict. Before anything starts it checks that the cluster answers in the
 * namespace and that no Job of the same name is there; what it submits is deleted when the run
 * ends, whichever way.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs a profile with its load spread over N pods of a Kubernetes Indexed Job, merged and judged here.")
final class KubernetesRunCommand extends RunCommand {
    @Mixin
    KubernetesOptions kubernetes;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "The kubeconfig (default: $KUBECONFIG, ~/.kube/config, or in-cluster).")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "The kubeconfig context (default: its current one).")
    String context;

    private KubernetesClient client;

    @Override
    public Integer call() throws java.io.IOException, InterruptedException {
        try {
            return super.call();
        } finally {
            if (client != null) {
                client.close();
            }
        }
    }

    @Override
    WorkerFleet fleet(Profile profile, Duration limit, PrintWriter err) {
        try {
            if (coordinatorBind != null || workerLauncher != null) {
                throw new IllegalArgumentException((coordinatorBind != null ? "--coordinator-bind" : "--worker-launcher")
                        + " places local workers; the pods of kubernetes run reach their coordinator at --coordinator-url");
            }
            refuseUnplayable(profile, profileFile);
            String given = System.getenv(WorkerProtocol.TOKEN_ENV);
            String token = given != null && !given.isBlank() ? given.strip() : HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
            RunName name = kubernetes.runName(runPath(profile).getFileName().toString());
            InetSocketAddress bind = bindFor(kubernetes.coordinatorUrl);
            Config config = kubeconfig != null ? Config.fromKubeconfig(context, kubeconfig.toFile()) : Config.autoConfigure(context);
            config.setRequestRetryBackoffLimit(2);
            config.setConnectionTimeout(5_000);
            String namespace = kubernetes.namespace != null ? kubernetes.namespace : config.getNamespace() != null ? config.getNamespace() : "default";
            WorkerJob job = kubernetes.job(name, namespace, workers, token, "", profile.plannedDuration());
            client = new KubernetesClientBuilder().withConfig(config).build();
            reachable(client, job, config);
            return new KubernetesFleet(client, job, bind, kubernetes.registration(), line -> {
                err.println(line);
                err.flush();
            });
        } catch (IllegalArgumentException e) {
            err.println("soakrig: " + e.getMessage() + "; nothing was started");
            return null;
        }
    }

    /** Refuses what plays on one generator, and targets the pods could not reach. */
    static void refuseUnplayable(Profile profile, Path profileFile) {
        if (profile.experiment() != null || profile.incident() != null || profile.traffic().ownSimulation()) {
            throw new IllegalArgumentException(profileFile + (profile.experiment() != null ? " is an experiment"
                    : profile.incident() != null ? " declares an incident" : " names its own traffic.simulation")
                    + ", which plays on one generator, not on Kubernetes workers");
        }
        List<String> unreachable = ClusterTargets.unreachable(profile);
        if (!unreachable.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", unreachable));
        }
    }

    /** Where the coordinator listens: the URL's own address and port, which must be this machine's. */
    private static InetSocketAddress bindFor(java.net.URI url) {
        if (url == null) {
            throw new IllegalArgumentException("--coordinator-url is required: where the pods reach the coordinator, http://HOST:PORT");
        }
        if (url.getPort() < 1) {
            throw new IllegalArgumentException("--coordinator-url must name its port, was " + url);
        }
        try {
            InetAddress address = InetAddress.getByName(url.getHost());
            if (!address.isLoopbackAddress() && NetworkInterface.getByInetAddress(address) == null) {
                throw new IllegalArgumentException("--coordinator-url " + url + ": " + address.getHostAddress()
                        + " is not an address of this machine, so the coordinator cannot listen on it");
            }
            return new InetSocketAddress(address, url.getPort());
        } catch (UnknownHostException | SocketException e) {
            throw new IllegalArgumentException("--coordinator-url " + url + ": " + e.getMessage(), e);
        }
    }

    /** Checks that the cluster answers in the namespace and holds no Job of this run's name. */
    private static void reachable(KubernetesClient client, WorkerJob job, Config config) {
        try {
            if (client.batch().v1().jobs().inNamespace(job.namespace()).withName(job.jobName()).get() != null) {
                throw new IllegalArgumentException("a Job " + job.namespace() + "/" + job.jobName() + " already exists; name the run with --run-name");
            }
        } catch (KubernetesClientException e) {
            throw new IllegalArgumentException("no cluster reachable at " + config.getMasterUrl()
                    + (config.getCurrentContext() == null ? "" : " (context " + config.getCurrentContext().getName() + ")")
                    + " in namespace " + job.namespace() + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }
}
