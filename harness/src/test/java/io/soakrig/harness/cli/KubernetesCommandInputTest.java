package io.soakrig.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.harness.ExitCodes;
import io.soakrig.harness.TestProfiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code kubernetes render|run} refuse bad input with one line, exit 2, and create nothing: no run directory, no object. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class KubernetesCommandInputTest {
    @TempDir
    Path tmp;

    private final StringWriter err = new StringWriter();

    @Test
    void aMissingImageIsRefusedBeforeAnythingStarts() throws IOException {
        int exit = run("kubernetes", "run", remoteProfile().toString(), "--allow-host", "192.0.2.10", "--workers", "3",
                "--coordinator-url", "http://127.0.0.1:7070", "--out", tmp.resolve("out").toString());

        assertThat(exit).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).isEqualTo("soakrig: --image is required: the workers' container image; nothing was started" + System.lineSeparator());
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void aClusterThatDoesNotAnswerIsRefusedNamingWhereItWasLookedFor() throws IOException {
        Path kubeconfig = Files.writeString(tmp.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: gone, cluster: {server: "http://127.0.0.1:1"}}]
                users: [{name: u, user: {token: t}}]
                contexts: [{name: gone, context: {cluster: gone, user: u, namespace: load}}]
                current-context: gone
                """);

        int exit = run("kubernetes", "run", remoteProfile().toString(), "--allow-host", "192.0.2.10", "--workers", "3",
                "--image", "registry.example/soakrig:0.1", "--coordinator-url", "http://127.0.0.1:7070", "--kubeconfig", kubeconfig.toString(),
                "--out", tmp.resolve("out").toString());

        assertThat(exit).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).startsWith("soakrig: no cluster reachable at http://127.0.0.1:1/ (context gone) in namespace load: ")
                .endsWith("; nothing was started" + System.lineSeparator()).hasLineCount(1);
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void aTargetOnLoopbackIsRefusedSinceInAPodItIsThePodItself() throws IOException {
        Path profile = Files.writeString(tmp.resolve("local.yaml"), TestProfiles.urlTarget("local", "http://127.0.0.1:1", 1, "1s"));

        int exit = run("kubernetes", "run", profile.toString(), "--workers", "2", "--image", "img", "--coordinator-url", "http://127.0.0.1:7070",
                "--out", tmp.resolve("out").toString());

        assertThat(exit).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).isEqualTo("soakrig: target api (http://127.0.0.1:1) is on loopback, which in a pod is the pod itself;"
                + " nothing was started" + System.lineSeparator());
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void aWorkerCountOutOfRangeIsRefused() throws IOException {
        int exit = run("kubernetes", "run", remoteProfile().toString(), "--allow-host", "192.0.2.10", "--workers", "0", "--image", "img",
                "--coordinator-url", "http://127.0.0.1:7070", "--out", tmp.resolve("out").toString());

        assertThat(exit).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).isEqualTo("soakrig: --workers must be 1..64, was 0; nothing was started" + System.lineSeparator());
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void aPodTooSmallForItsTwoJvmsIsRefusedAsTheSeedsHeapAboveItsLimitWouldHaveBeen() throws IOException {
        int exit = run("kubernetes", "run", remoteProfile().toString(), "--allow-host", "192.0.2.10", "--workers", "2", "--image", "img",
                "--coordinator-url", "http://127.0.0.1:7070", "--worker-memory", "1Gi", "--out", tmp.resolve("out").toString());

        assertThat(exit).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).startsWith("soakrig: --worker-memory 1Gi cannot hold a worker pod's two JVMs").contains("at least 1878Mi")
                .hasLineCount(1);
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void renderWithoutTheTokenInTheEnvironmentRendersNothing() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("SOAKRIG_WORKER_TOKEN") == null);

        int exit = run("kubernetes", "render", remoteProfile().toString(), "--workers", "2", "--image", "img",
                "--coordinator-url", "http://10.0.0.5:7070", "--out", tmp.resolve("manifests").toString());

        assertThat(exit).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).startsWith("soakrig: $SOAKRIG_WORKER_TOKEN must hold the run's token").hasLineCount(1);
        assertThat(tmp.resolve("manifests")).doesNotExist();
    }

    private Path remoteProfile() throws IOException {
        return Files.writeString(tmp.resolve("remote.yaml"), TestProfiles.urlTarget("remote", "http://192.0.2.10:8080", 1, "1s"));
    }

    private int run(String... args) {
        CommandLine cli = SoakrigCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }
}
