package io.soakrig.harness.container;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;

/**
 * The engine and the locally built test image the container tests run against. Where no engine
 * can be had ({@code .ci/container-engine} says why in {@code SOAKRIG_CONTAINER_ENGINE_MISSING}),
 * the tests are skipped with that reason; everything else still runs.
 */
public final class ContainerEngineForTests {
    private static String image;
    private static String stubImage;

    private ContainerEngineForTests() {
    }

    /** Skips the calling test, saying why, when no Docker-API engine answers. */
    public static void assumeEngine() {
        String missing = System.getenv("SOAKRIG_CONTAINER_ENGINE_MISSING");
        assumeTrue(missing == null, () -> "container tests skipped: " + missing);
        assumeTrue(DockerClientFactory.instance().isDockerAvailable(), () -> "container tests skipped: no Docker-API engine answers (DOCKER_HOST="
                + System.getenv().getOrDefault("DOCKER_HOST", "unset") + "); run `source .ci/container-engine` or .ci/run");
    }

    /** The test image, built by {@code .ci/test-image/build} on first use (cached in the engine's store). */
    public static synchronized String testImage() throws IOException, InterruptedException {
        if (image == null) {
            image = build("service");
        }
        return image;
    }

    /**
     * soakrig's stub image, built by {@code .ci/test-image/build stub} from target-stubs' package
     * (cached in the engine's store) and tagged {@code localhost/soakrig-stub:latest}, as the
     * bundled container-death-loop.yaml names it.
     */
    public static synchronized String stubImage() throws IOException, InterruptedException {
        if (stubImage == null) {
            stubImage = build("stub");
        }
        return stubImage;
    }

    private static String build(String kind) throws IOException, InterruptedException {
        assumeEngine();
        Path build = Path.of(System.getProperty("soakrig.home", "..")).resolve(".ci/test-image/build");
        Process p = new ProcessBuilder(build.toString(), kind).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0 || out.isEmpty()) {
            throw new AssertionError(build + " " + kind + " failed (exit " + (p.isAlive() ? "none" : p.exitValue()) + "): " + out);
        }
        return out.substring(out.lastIndexOf('\n') + 1);
    }

    /** The ids of the containers harness process {@code pid} owns, running or not. */
    public static java.util.List<String> ownedBy(long pid) {
        return DockerClientFactory.instance().client().listContainersCmd().withShowAll(true)
                .withLabelFilter(java.util.Map.of(ContainerEngine.OWNER_LABEL, Long.toString(pid))).exec()
                .stream().map(c -> c.getId()).toList();
    }

    /** The names of the networks harness process {@code pid} owns. */
    public static java.util.List<String> networksOwnedBy(long pid) {
        return DockerClientFactory.instance().client().listNetworksCmd().exec().stream()
                .filter(n -> n.getLabels() != null && Long.toString(pid).equals(n.getLabels().get(ContainerEngine.OWNER_LABEL)))
                .map(n -> n.getName()).toList();
    }
}
