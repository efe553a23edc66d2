package io.soakrig.harness.cli;

import io.soakrig.harness.ExitCodes;
import io.soakrig.harness.kubernetes.ClusterTargets;
import io.soakrig.harness.kubernetes.RunName;
import io.soakrig.harness.kubernetes.WorkerJob;
import io.soakrig.harness.kubernetes.WorkerJobManifests;
import io.soakrig.harness.workers.WorkerProtocol;
import io.soakrig.profile.HttpUrls;
import io.soakrig.profile.Profile;
import io.soakrig.profile.ProfileException;
import io.soakrig.profile.ProfileLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code soakrig kubernetes render}: the manifests {@code kubernetes run} would submit, for review,
 * for a GitOps repository, or for {@code kubectl apply}. Rendering is deterministic — the same
 * profile, flags and token give the same bytes — so the token comes from the environment, like
 * the workers': a random one would change every time.
 */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Writes the ConfigMap, Secret and Indexed Job of a run over Kubernetes workers (token from $"
                + WorkerProtocol.TOKEN_ENV + ").")
final class KubernetesRenderCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PROFILE", description = "The profile YAML file.")
    Path profileFile;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "1", description = "Worker pods, 1..64 (default 1).")
    int workers;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Cut the profile's arrival schedule at this many seconds.")
    Long durationSeconds;

    @Option(names = "--out", paramLabel = "DIR", description = "Write configmap.yaml, secret.yaml and job.yaml here (default: all to standard output).")
    Path out;

    @Mixin
    KubernetesOptions kubernetes;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Profile profile;
        try {
            profile = new ProfileLoader().load(profileFile);
        } catch (ProfileException e) {
            err.println("soakrig: invalid profile; nothing was rendered.");
            e.problems().forEach(p -> err.println("  " + p));
            return ExitCodes.INVALID_INPUT;
        }
        WorkerJobManifests manifests;
        try {
            if (durationSeconds != null) {
                if (durationSeconds <= 0) {
                    throw new IllegalArgumentException("--duration must be a positive number of seconds, was " + durationSeconds);
                }
                profile = profile.truncatedTo(Duration.ofSeconds(durationSeconds));
            }
            KubernetesRunCommand.refuseUnplayable(profile, profileFile);
            String token = System.getenv(WorkerProtocol.TOKEN_ENV);
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("$" + WorkerProtocol.TOKEN_ENV + " must hold the run's token (e.g. openssl rand -hex 16)");
            }
            RunName name = kubernetes.runName(profile.name());
            manifests = new WorkerJobManifests(kubernetes.job(name, kubernetes.namespace, workers, token.strip(),
                    HttpUrls.withoutRedisPasswords(Files.readString(profileFile, StandardCharsets.UTF_8)), profile.plannedDuration()));
        } catch (IllegalArgumentException e) {
            err.println("soakrig: " + e.getMessage() + "; nothing was rendered");
            return ExitCodes.INVALID_INPUT;
        }
        if (out == null) {
            spec.commandLine().getOut().print(manifests.yaml());
            spec.commandLine().getOut().flush();
            return 0;
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve("configmap.yaml"), WorkerJobManifests.yaml(manifests.profile()), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("secret.yaml"), WorkerJobManifests.yaml(manifests.token()), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("job.yaml"), WorkerJobManifests.yaml(manifests.job()), StandardCharsets.UTF_8);
        err.println("[soakrig] wrote " + List.of("configmap.yaml", "secret.yaml", "job.yaml") + " to " + out);
        return 0;
    }
}
