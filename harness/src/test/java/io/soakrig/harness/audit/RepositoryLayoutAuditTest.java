package io.soakrig.harness.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.harness.ExitCodes;
import io.soakrig.harness.cli.SoakrigCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code soakrig audit} through the CLI on layouts as repositories hold them (fixtures under
 * {@code src/test/resources/audit/}): the bootstrap kept under another name than the ConfigMap key
 * it ships as, kustomize's and Helm's rendered output with the bootstrap inline, {@code kubectl get
 * -o yaml} Lists, subPath and projected mounts, two Envoys in one pod, an Envoy with no heap bound,
 * a {@code --config-yaml} merged over the mounted file — and inputs with nothing to check, which
 * must never pass.
 */
class RepositoryLayoutAuditTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void theSeedsExactCaseIsAnErrorPairedThroughItsConfigMapVolume() {
        int exit = audit("--envoy", file("seed/config/envoy-prod.yaml"), "--k8s", file("seed/deploy/perimeter.yaml"));

        assertThat(exit).as(out.toString()).isEqualTo(ExitCodes.GATE_FAILED);
        assertThat(out.toString())
                .contains("PAIRED deployment/perimeter/envoy (" + file("seed/deploy/perimeter.yaml") + " document 2) with "
                        + file("seed/config/envoy-prod.yaml") + ": the only Envoy container and the only bootstrap left to pair "
                        + "(-c /etc/envoy/envoy.yaml → volumeMount envoy-config at /etc/envoy, volume envoy-config → key envoy.yaml "
                        + "of ConfigMap perimeter-envoy, which is not among the --k8s files)")
                .contains("ERROR fixed-heap-above-limit: max_heap_size_bytes 4.00 GiB is at or above container "
                        + "deployment/perimeter/envoy's memory limit 3.00 GiB")
                .contains("envoy-prod.yaml: overload_manager.resource_monitors[0].typed_config.max_heap_size_bytes")
                .contains("perimeter.yaml document 2 Deployment/perimeter: spec.template.spec.containers[0].resources.limits.memory")
                .contains("1 error(s), 0 warning(s), 1 Envoy container(s) paired");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aKustomizeBuildIsAuditedOnTheBootstrapItHoldsInlineAndTheRepositoryCopyIsRecognised() {
        int exit = audit("--k8s", file("kustomize/build.yaml"));

        assertThat(exit).as(out.toString()).isEqualTo(ExitCodes.GATE_FAILED);
        assertThat(out.toString())
                .contains("PAIRED deployment/edge/proxy (" + file("kustomize/build.yaml") + " document 2) with "
                        + "ConfigMap/edge-envoy-2k7fcb5g9m key envoy.yaml: -c /etc/envoy/envoy.yaml → volumeMount bootstrap at "
                        + "/etc/envoy, volume bootstrap → key envoy.yaml of ConfigMap edge-envoy-2k7fcb5g9m, held inline at")
                .contains("ERROR fixed-heap-above-limit: max_heap_size_bytes 2.50 GiB is at or above container deployment/edge/proxy's "
                        + "memory limit 2.00 GiB")
                .contains("build.yaml document 1 ConfigMap/edge-envoy-2k7fcb5g9m: data[\"envoy.yaml\"].overload_manager"
                        + ".resource_monitors[0].typed_config.max_heap_size_bytes");

        out.getBuffer().setLength(0);
        exit = audit("--envoy", file("kustomize/config/edge-bootstrap.yaml"), "--k8s", file("kustomize/build.yaml"));

        assertThat(exit).isEqualTo(ExitCodes.GATE_FAILED);
        assertThat(out.toString())
                .contains("SAME " + file("kustomize/config/edge-bootstrap.yaml") + " is the text of ConfigMap/edge-envoy-2k7fcb5g9m "
                        + "key envoy.yaml, checked as that")
                .doesNotContain("unpaired")
                .contains("1 error(s), 0 warning(s)");
    }

    @Test
    void helmRenderedOutputWithSourceCommentsAndEmptyDocumentsPassesWhenAligned() {
        int exit = audit("--k8s", file("helm/rendered.yaml"));

        assertThat(exit).as(out.toString() + err).isEqualTo(ExitCodes.PASS);
        assertThat(out.toString())
                .contains("PAIRED deployment/release-edge/envoy (" + file("helm/rendered.yaml") + " document 5) with "
                        + "ConfigMap/release-edge-envoy key bootstrap.json: -c /etc/envoy/bootstrap.json → volumeMount envoy at "
                        + "/etc/envoy/, volume envoy → key bootstrap.json of ConfigMap release-edge-envoy")
                .contains("0 error(s), 0 warning(s), 1 Envoy container(s) paired");
    }

    @Test
    void aListWithASubPathMountIsFollowedToTheKeyItMounts() {
        int exit = audit("--k8s", file("list/kubectl-get.yaml"));

        assertThat(exit).as(out.toString() + err).isEqualTo(ExitCodes.GATE_FAILED);
        assertThat(out.toString())
                .contains("volumeMount bootstrap at /etc/envoy/envoy.yaml subPath bootstrap.yaml, volume bootstrap → key "
                        + "bootstrap.yaml of ConfigMap gateway-bootstrap")
                .contains("ERROR fixed-heap-above-limit: max_heap_size_bytes 2.79 GiB is at or above container "
                        + "deployment/gateway/gateway's memory limit 2.79 GiB")
                .contains("kubectl-get.yaml ConfigMap/gateway-bootstrap: items[1].data[\"bootstrap.yaml\"].overload_manager")
                .contains("kubectl-get.yaml Deployment/gateway: items[0].spec.template.spec.containers[0].resources.limits.memory");
    }

    @Test
    void aSecretMountedBySubPathAndAProjectedConfigMapRunThroughAShellAreEachFollowed() {
        int exit = audit("--k8s", file("mounts/edge.yaml"));

        assertThat(exit).as(out.toString() + err).isEqualTo(ExitCodes.GATE_FAILED);
        assertThat(out.toString())
                .contains("PAIRED statefulset/edge-eu/envoy (" + file("mounts/edge.yaml") + " document 2) with Secret/edge-eu-envoy "
                        + "key bootstrap.yaml: -c /etc/envoy/envoy.yaml → volumeMount bootstrap at /etc/envoy/envoy.yaml subPath "
                        + "bootstrap.yaml")
                .contains("PAIRED daemonset/edge-node/proxy (" + file("mounts/edge.yaml") + " document 4) with "
                        + "ConfigMap/edge-node-envoy key bootstrap: -c /etc/edge/envoy/envoy.yaml → volumeMount edge at /etc/edge, "
                        + "volume edge → key bootstrap of ConfigMap edge-node-envoy")
                .contains("ERROR fixed-heap-above-limit: max_heap_size_bytes 1.00 GiB is at or above container "
                        + "daemonset/edge-node/proxy's memory limit 1.00 GiB")
                .doesNotContain("statefulset/edge-eu/envoy's memory limit")
                .contains("1 error(s), 0 warning(s), 2 Envoy container(s) paired");
    }

    @Test
    void twoEnvoysInOnePodWithTwoBootstrapsAreAnErrorNamingBothUntilPairIsGiven() {
        String ingress = file("two-envoys/envoy/ingress.yaml");
        String egress = file("two-envoys/envoy/egress.yaml");
        String edge = file("two-envoys/deploy/edge.yaml");

        int exit = audit("--envoy", ingress, "--envoy", egress, "--k8s", edge);

        assertThat(exit).as(out.toString()).isEqualTo(ExitCodes.GATE_FAILED);
        assertThat(out.toString())
                .contains("ERROR ambiguous-pairing: 2 Envoy container(s), deployment/edge/envoy-ingress and deployment/edge/envoy-egress, "
                        + "and 2 bootstrap(s), " + ingress + " and " + egress + ": the manifests do not say which runs where")
                .doesNotContain("fixed-heap-above-limit")
                .contains("0 Envoy container(s) paired");

        out.getBuffer().setLength(0);
        exit = audit("--envoy", ingress, "--envoy", egress, "--k8s", edge,
                "--pair", "deployment/edge/envoy-egress=" + egress, "--pair", "envoy-ingress=" + ingress);

        assertThat(exit).as(out.toString()).isEqualTo(ExitCodes.GATE_FAILED);
        assertThat(out.toString())
                .contains("PAIRED deployment/edge/envoy-egress (" + edge + ") with " + egress + ": as --pair deployment/edge/envoy-egress says")
                .contains("PAIRED deployment/edge/envoy-ingress (" + edge + ") with " + ingress + ": as --pair envoy-ingress says")
                .contains("ERROR fixed-heap-above-limit: max_heap_size_bytes 768.00 MiB is at or above container "
                        + "deployment/edge/envoy-egress's memory limit 512.00 MiB")
                .doesNotContain("ambiguous", "envoy-ingress's memory limit")
                .contains("1 error(s), 0 warning(s), 2 Envoy container(s) paired");

        out.getBuffer().setLength(0);
        exit = audit("--envoy", ingress, "--k8s", edge, "--pair", "envoy-egress=" + egress);

        assertThat(exit).as("one --pair leaves one container and one file: they pair").isEqualTo(ExitCodes.GATE_FAILED);
        assertThat(out.toString())
                .contains("PAIRED deployment/edge/envoy-ingress (" + edge + ") with " + ingress + ": the only Envoy container and the "
                        + "only bootstrap left to pair")
                .contains("2 Envoy container(s) paired");
    }

    @Test
    void anAmbiguityIsAWarningOnlyWhenUnpairedEnvoysAreAllowed() {
        int exit = audit("--allow-unpaired", "--envoy", file("two-envoys/envoy/ingress.yaml"), "--k8s", file("two-envoys/deploy/edge.yaml"));

        assertThat(exit).as(out.toString()).isEqualTo(ExitCodes.PASS);
        assertThat(out.toString()).contains("WARNING ambiguous-pairing: 2 Envoy container(s), deployment/edge/envoy-ingress and "
                + "deployment/edge/envoy-egress, and 1 bootstrap(s)");
    }

    @Test
    void bootstrapsLeftAmbiguousAreStillCheckedOnTheirOwn() {
        int exit = audit("--envoy", file("two-envoys/envoy/ingress.yaml"), "--envoy", file("envoy-no-overload.yaml"),
                "--k8s", file("two-envoys/deploy/edge.yaml"));

        assertThat(exit).isEqualTo(ExitCodes.GATE_FAILED);
        assertThat(out.toString()).contains("ERROR ambiguous-pairing")
                .contains("ERROR no-overload-manager").contains("envoy-no-overload.yaml: overload_manager");
    }

    @Test
    void aPairNamingNoContainerOrWrittenWrongIsInvalidInputOnOneLine() {
        assertThat(audit("--k8s", file("two-envoys/deploy/edge.yaml"), "--pair", "deployment/edge/envoy=" + file("two-envoys/envoy/egress.yaml")))
                .isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).isEqualTo("soakrig audit: --pair deployment/edge/envoy: no container deployment/edge/envoy in the "
                + "--k8s files (containers: deployment/edge/envoy-ingress, deployment/edge/envoy-egress)" + System.lineSeparator());

        err.getBuffer().setLength(0);
        assertThat(audit("--k8s", file("two-envoys/deploy/edge.yaml"), "--pair", "envoy-egress")).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).startsWith("soakrig audit: --pair must be CONTAINER=FILE").hasLineCount(1);
    }

    @Test
    void anEnvoyWithNoFixedHeapMonitorUnderAMemoryLimitIsAnError() {
        int exit = audit("--k8s", file("no-heap/edge.yaml"));

        assertThat(exit).as(out.toString()).isEqualTo(ExitCodes.GATE_FAILED);
        assertThat(out.toString())
                .contains("ERROR no-fixed-heap-monitor: the overload manager has no envoy.resource_monitors.fixed_heap monitor: "
                        + "nothing bounds Envoy's heap")
                .contains("edge.yaml document 1 ConfigMap/edge-envoy: data[\"envoy.yaml\"].overload_manager.resource_monitors");
    }

    @Test
    void aConfigYamlIsMergedOverTheMountedBootstrapAndItsHeapLocatedInTheArgs() {
        int exit = audit("--k8s", file("inputs/config-yaml.yaml"));

        assertThat(exit).as(out.toString()).isEqualTo(ExitCodes.GATE_FAILED);
        assertThat(out.toString())
                .contains("with ConfigMap/edge-envoy key envoy.yaml with --config-yaml: ")
                .contains("its --config-yaml (args[3]) merged over it")
                .contains("ERROR fixed-heap-above-limit: max_heap_size_bytes 4.00 GiB is at or above container deployment/edge/envoy's "
                        + "memory limit 3.00 GiB")
                .contains("config-yaml.yaml document 2 Deployment/edge: spec.template.spec.containers[0].args[3].overload_manager"
                        + ".resource_monitors[0].typed_config.max_heap_size_bytes")
                .doesNotContain("no-overload-manager");
    }

    @Test
    void anEnvoyWithoutAMemoryLimitIsAnErrorUnlessALimitRangeGivesOneOrUnpairedIsAllowed() {
        assertThat(audit("--k8s", file("inputs/no-limit.yaml"))).isEqualTo(ExitCodes.GATE_FAILED);
        assertThat(out.toString()).contains("ERROR no-memory-limit: container deployment/edge/envoy runs Envoy with no memory limit, "
                + "and no LimitRange among the inputs gives it one");

        out.getBuffer().setLength(0);
        assertThat(audit("--allow-unpaired", "--k8s", file("inputs/no-limit.yaml"))).isEqualTo(ExitCodes.PASS);
        assertThat(out.toString()).contains("WARNING no-memory-limit").contains("0 error(s), 1 warning(s)");

        out.getBuffer().setLength(0);
        assertThat(audit("--k8s", file("inputs/no-limit.yaml"), "--k8s", file("inputs/limitrange.yaml"))).isEqualTo(ExitCodes.GATE_FAILED);
        assertThat(out.toString())
                .contains("ERROR fixed-heap-above-limit: max_heap_size_bytes 1.00 GiB is at or above the LimitRange default limit of "
                        + "container deployment/edge/envoy (which sets none) 1.00 GiB")
                .contains("limitrange.yaml LimitRange/memory-defaults: spec.limits[0].default.memory")
                .doesNotContain("no-memory-limit");
    }

    @Test
    void anEmptyFileIsInvalidInputOnOneLine() {
        int exit = audit("--k8s", file("inputs/empty.yaml"));

        assertThat(exit).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).isEqualTo("soakrig audit: " + file("inputs/empty.yaml")
                + ": holds no Kubernetes object (an empty file, or only empty documents)" + System.lineSeparator());
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void manifestsWithNoEnvoyAreNothingToCheckAndNeverPass() {
        int exit = audit("--k8s", file("inputs/service-only.yaml"));

        assertThat(exit).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).isEqualTo("soakrig audit: nothing to check: no Envoy container in " + file("inputs/service-only.yaml")
                + " (read: 1 Service) and no --envoy bootstrap was read" + System.lineSeparator());
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aBootstrapWithNoManifestsIsUncheckedAndSoAnErrorUnlessAllowed() {
        assertThat(audit("--envoy", file("seed/config/envoy-prod.yaml"))).isEqualTo(ExitCodes.GATE_FAILED);
        assertThat(out.toString()).contains("ERROR unpaired-envoy: no container (no Kubernetes manifests were read) runs this bootstrap");

        out.getBuffer().setLength(0);
        assertThat(audit("--allow-unpaired", "--envoy", file("seed/config/envoy-prod.yaml"))).isEqualTo(ExitCodes.PASS);
        assertThat(out.toString()).contains("WARNING unpaired-envoy").contains("0 error(s), 1 warning(s)");
    }

    @Test
    void aNegativeFixedHeapIsInvalidInputNamingItsField() {
        int exit = audit("--envoy", file("inputs/negative-heap.yaml"));

        assertThat(exit).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).isEqualTo("soakrig audit: " + file("inputs/negative-heap.yaml")
                + ": overload_manager.resource_monitors[0].typed_config.max_heap_size_bytes: expected a byte count above 0, got -1"
                + System.lineSeparator());
    }

    @Test
    void aQuantityWhoseExponentOverflowsIsReadNotCrashedOn() {
        int exit = audit("--envoy", file("seed/config/envoy-prod.yaml"), "--k8s", file("inputs/tiny-quantity.yaml"));

        assertThat(exit).as(out.toString() + err).isEqualTo(ExitCodes.GATE_FAILED);
        assertThat(err.toString()).isEmpty();
        assertThat(out.toString()).contains("ERROR fixed-heap-above-limit: max_heap_size_bytes 4.00 GiB is at or above container "
                + "pod/edge/envoy's memory limit 1 B");
    }

    private int audit(String... args) {
        List<String> all = new ArrayList<>(List.of("audit"));
        all.addAll(List.of(args));
        CommandLine cli = SoakrigCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(all.toArray(String[]::new));
    }

    private static String file(String name) {
        try {
            return Path.of(RepositoryLayoutAuditTest.class.getResource("/audit/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
