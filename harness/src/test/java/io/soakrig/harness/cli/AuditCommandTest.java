package io.soakrig.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.soakrig.harness.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code soakrig audit} on configurations written as Envoy and Kubernetes users write them: the
 * overload manager of Envoy's docs, a Deployment whose pod has the app, an Envoy sidecar and a
 * log shipper, multi-document YAML with a Service first, JSON with proto3's string uint64, a native
 * sidecar, and files that cannot be read. Repository layouts (ConfigMaps, Helm, kustomize, mounts) are
 * in {@code io.soakrig.harness.audit.RepositoryLayoutAuditTest}.
 */
class AuditCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void theSeedsMisalignedHeapIsAnErrorNamingBothFieldsAndTheAlignedOneIsClean() {
        int exit = audit("--envoy", file("envoy-perimeter.yaml"), "--envoy", file("envoy-aligned.json"),
                "--k8s", file("perimeter-deployment.yaml"));

        assertThat(exit).as(out.toString()).isEqualTo(ExitCodes.GATE_FAILED);
        assertThat(out.toString())
                .contains("PAIRED deployment/perimeter/envoy (" + file("perimeter-deployment.yaml") + " document 2) with "
                        + file("envoy-perimeter.yaml") + ": by file name, envoy-perimeter.yaml")
                .contains("PAIRED statefulset/edge-eu/envoy (" + file("perimeter-deployment.yaml") + " document 3) with "
                        + file("envoy-aligned.json") + ": by file name, envoy-aligned.json")
                .contains("ERROR fixed-heap-above-limit: max_heap_size_bytes 4.00 GiB is at or above container "
                        + "deployment/perimeter/envoy's memory limit 3.00 GiB")
                .contains("envoy-perimeter.yaml: overload_manager.resource_monitors[0].typed_config.max_heap_size_bytes")
                .contains("perimeter-deployment.yaml document 2 Deployment/perimeter: spec.template.spec.containers[1].resources.limits.memory")
                .contains("1 error(s), 2 warning(s), 2 Envoy container(s) paired")
                .doesNotContain("edge-auth", "log-shipper", "StatefulSet/edge-eu");
        assertThat(out.toString().indexOf("ERROR")).as("errors first").isLessThan(out.toString().indexOf("WARNING"));
    }

    @Test
    void retriesWithoutBudgetOrBackOffAndDefaultBreakersAreWarnedWhereTheyAre() {
        audit("--envoy", file("envoy-perimeter.yaml"), "--k8s", file("perimeter-deployment.yaml"));

        assertThat(out.toString())
                .contains("WARNING retry-without-budget-or-backoff: num_retries 3 with no retry_back_off and no retry_budget on cluster stream")
                .contains("virtual_hosts[0].routes[0].route.retry_policy")
                .doesNotContain("routes[1].route.retry_policy")
                .contains("WARNING default-circuit-breakers: cluster stream leaves its circuit breakers at Envoy's defaults")
                .contains("static_resources.clusters[0].circuit_breakers")
                .doesNotContain("cluster playlist leaves");
    }

    @Test
    void jsonOutputCarriesEveryFindingWithItsLocations() throws Exception {
        int exit = audit("--format", "json", "--envoy", file("envoy-perimeter.yaml"), "--k8s", file("perimeter-deployment.yaml"));

        assertThat(exit).isEqualTo(ExitCodes.GATE_FAILED);
        JsonNode doc = new ObjectMapper().readTree(out.toString());
        assertThat(doc.path("errors").asInt()).as("the heap, and the StatefulSet's Envoy whose bootstrap was not given").isEqualTo(2);
        assertThat(doc.path("warnings").asInt()).as("the retry, the breakers").isEqualTo(2);
        assertThat(doc.path("pairings")).hasSize(1);
        assertThat(doc.path("pairings").get(0).path("container").asText()).isEqualTo("deployment/perimeter/envoy");
        assertThat(doc.path("pairings").get(0).path("how").asText()).startsWith("by file name, envoy-perimeter.yaml");
        assertThat(doc.path("findings").get(0).path("check").asText()).isEqualTo("unpaired-container");
        JsonNode first = doc.path("findings").get(1);
        assertThat(first.path("severity").asText()).isEqualTo("ERROR");
        assertThat(first.path("check").asText()).isEqualTo("fixed-heap-above-limit");
        assertThat(first.path("locations").get(1).path("document").asInt()).isEqualTo(2);
        assertThat(first.path("locations").get(1).path("object").asText()).isEqualTo("Deployment/perimeter");
        assertThat(first.path("locations").get(1).path("path").asText()).isEqualTo("spec.template.spec.containers[1].resources.limits.memory");
    }

    @Test
    void aContainerRunningAnUngivenBootstrapIsAnErrorUnlessUnpairedEnvoysAreAllowed() {
        int exit = audit("--envoy", file("envoy-aligned.json"), "--k8s", file("perimeter-deployment.yaml"));

        assertThat(exit).as(out.toString()).isEqualTo(ExitCodes.GATE_FAILED);
        assertThat(out.toString())
                .contains("ERROR unpaired-container: container deployment/perimeter/envoy runs Envoy but no bootstrap given is the one "
                        + "it runs (-c /etc/envoy/envoy-perimeter.yaml: no volumeMount covers /etc/envoy/envoy-perimeter.yaml: the file "
                        + "is in the image): its memory limit is not checked against a heap; give the bootstrap with --envoy or --pair "
                        + "deployment/perimeter/envoy=FILE")
                .contains("Deployment/perimeter: spec.template.spec.containers[1]")
                .contains("1 error(s), 0 warning(s)");

        out.getBuffer().setLength(0);
        exit = audit("--allow-unpaired", "--envoy", file("envoy-aligned.json"), "--k8s", file("perimeter-deployment.yaml"));

        assertThat(exit).as(out.toString()).isEqualTo(ExitCodes.PASS);
        assertThat(out.toString()).contains("WARNING unpaired-container: container deployment/perimeter/envoy").contains("0 error(s), 1 warning(s)");
    }

    @Test
    void aNarrowHeadroomIsAWarningAtTheMarginGiven() {
        int exit = audit("--margin", "0.2", "--allow-unpaired", "--envoy", file("envoy-aligned.json"), "--k8s", file("perimeter-deployment.yaml"));

        assertThat(exit).isEqualTo(ExitCodes.PASS);
        assertThat(out.toString())
                .contains("WARNING heap-headroom: max_heap_size_bytes 2.50 GiB leaves 10.5% of container statefulset/edge-eu/envoy's "
                        + "memory limit 2.79 GiB")
                .contains("StatefulSet/edge-eu: spec.template.spec.initContainers[0].resources.limits.memory");
    }

    @Test
    void anEnvoyWithoutOverloadManagerIsAnErrorEvenWhenUnpairedIsAllowed() {
        int exit = audit("--allow-unpaired", "--envoy", file("envoy-no-overload.yaml"));

        assertThat(exit).isEqualTo(ExitCodes.GATE_FAILED);
        assertThat(out.toString()).contains("ERROR no-overload-manager").contains("envoy-no-overload.yaml: overload_manager")
                .contains("WARNING default-circuit-breakers: cluster search");
    }

    @Test
    void aMalformedFileIsExitTwoAndTheReadableOnesAreStillAudited() {
        int exit = audit("--envoy", file("envoy-perimeter.yaml"), "--k8s", file("malformed.yaml"), "--k8s", file("perimeter-deployment.yaml"));

        assertThat(exit).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("malformed.yaml: not readable as Kubernetes YAML/JSON");
        assertThat(out.toString()).contains("ERROR fixed-heap-above-limit").contains("1 file(s) not read");
    }

    @Test
    void aMemoryLimitThatIsNoQuantityNamesItsFieldAndValue() {
        int exit = audit("--k8s", file("bad-quantity.yaml"));

        assertThat(exit).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("bad-quantity.yaml Pod/edge: spec.containers[0].resources.limits.memory: '3 gigabytes' is not a Kubernetes quantity");
    }

    @Test
    void filesGivenAsTheWrongKindAreUnreadableInput() {
        assertThat(audit("--k8s", file("envoy-no-overload.yaml"))).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("envoy-no-overload.yaml: not a Kubernetes object (no kind)");

        assertThat(audit("--envoy", file("perimeter-deployment.yaml"))).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("perimeter-deployment.yaml: not an Envoy bootstrap");
    }

    @Test
    void noFileAtAllIsInvalidInput() {
        assertThat(audit()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("give at least one --envoy or --k8s file");
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
            return Path.of(AuditCommandTest.class.getResource("/audit/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
