package io.soakrig.harness.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.harness.audit.KubernetesManifests.Container;
import io.soakrig.harness.audit.KubernetesManifests.Pod;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Envoy's bootstrap flags in every form a container spec writes them. */
class EnvoyCommandLineTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "           | -c,/etc/envoy/envoy.yaml                           | /etc/envoy/envoy.yaml | args[1]",
        "envoy      | --config-path,/etc/envoy/b.json,--concurrency,4    | /etc/envoy/b.json     | args[1]",
        "envoy,--config-path=/etc/e.yaml |                               | /etc/e.yaml           | command[1]",
        "/bin/sh,-c | exec envoy -c '/etc/my envoy/e.yaml' --base-id 1   | /etc/my envoy/e.yaml  | args[0]",
        "bash,-ec,envoy -c /etc/envoy/x.yaml |                           | /etc/envoy/x.yaml     | command[2]",
    })
    void findsTheConfigPathWhereverItIsWritten(String command, String args, String path, String field) {
        EnvoyCommandLine line = EnvoyCommandLine.of(container("envoyproxy/envoy:v1.31.2", split(command), split(args)));

        assertThat(line.configPath()).isEqualTo(path);
        assertThat(line.configPathAt().path()).isEqualTo("spec.containers[0]." + field);
    }

    @Test
    void theOfficialImageWithNoCommandRunsItsOwnDefault() {
        EnvoyCommandLine line = EnvoyCommandLine.of(container("docker.io/envoyproxy/envoy:v1.31.2", List.of(), List.of()));

        assertThat(line.configPath()).isEqualTo("/etc/envoy/envoy.yaml");
        assertThat(line.configPathAt().path()).isEqualTo("spec.containers[0].image");
        assertThat(EnvoyCommandLine.of(container("registry.example.com/edge:1", List.of(), List.of())).configPath()).isNull();
    }

    @Test
    void configYamlIsReadInBothForms() {
        assertThat(EnvoyCommandLine.of(container("envoyproxy/envoy", List.of(), List.of("--config-yaml", "admin: {}"))).configYaml())
                .isEqualTo("admin: {}");
        assertThat(EnvoyCommandLine.of(container("envoyproxy/envoy", List.of(), List.of("--config-yaml=node: {id: a}"))).configYaml())
                .isEqualTo("node: {id: a}");
    }

    @Test
    void aScriptIsSplitAsAShellSplitsIt() {
        assertThat(EnvoyCommandLine.splitShellWords("envoy -c \"/a b/c.yaml\" --x 'y z';echo \\\"done"))
                .containsExactly("envoy", "-c", "/a b/c.yaml", "--x", "y z", "echo", "\"done");
    }

    private static List<String> split(String words) {
        return words == null ? List.of() : List.of(words.split(",", -1));
    }

    private static Container container(String image, List<String> command, List<String> args) {
        Location at = new Location("pod.yaml", 0, "Pod/edge", "spec");
        Pod pod = new Pod("Pod", "edge", "", at, Map.of());
        return new Container(pod, new Location("pod.yaml", 0, "Pod/edge", "spec.containers[0]"), "envoy", image, command, args,
                "", List.of(), null);
    }
}
