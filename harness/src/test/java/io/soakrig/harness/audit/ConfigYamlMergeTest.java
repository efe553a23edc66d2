package io.soakrig.harness.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code --config-yaml} over a bootstrap as protobuf's MergeFrom combines them, and where each merged field is written. */
class ConfigYamlMergeTest {
    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void messagesMergeScalarsAreReplacedAndListsAppendedTo() throws Exception {
        JsonNode base = YAML.readTree("admin: {address: {socket_address: {port_value: 9901}}}\n"
                + "overload_manager: {refresh_interval: 1s, resource_monitors: [{name: a}]}\n");
        JsonNode override = YAML.readTree("overload_manager: {refresh_interval: 0.25s, resource_monitors: [{name: b}]}\n");

        JsonNode merged = ConfigYamlMerge.merge(base, override);

        assertThat(merged.at("/overload_manager/refresh_interval").asText()).isEqualTo("0.25s");
        assertThat(merged.at("/overload_manager/resource_monitors/0/name").asText()).isEqualTo("a");
        assertThat(merged.at("/overload_manager/resource_monitors/1/name").asText()).isEqualTo("b");
        assertThat(merged.at("/admin/address/socket_address/port_value").asInt()).isEqualTo(9901);
        assertThat(base.at("/overload_manager/resource_monitors").size()).as("the base is not changed").isEqualTo(1);
    }

    @Test
    void aMergedFieldIsLocatedInTheFileOrTheArgsItCameFrom() throws Exception {
        JsonNode base = YAML.readTree("overload_manager: {refresh_interval: 1s, resource_monitors: [{name: a}]}\n");
        JsonNode override = YAML.readTree("overload_manager: {refresh_interval: 0.25s, resource_monitors: [{name: b}]}\n");
        Location args = new Location("edge.yaml", 2, "Deployment/edge", "spec.template.spec.containers[0].args[3]");

        BootstrapOrigin origin = BootstrapOrigin.file(Path.of("envoy.yaml")).mergedWith(base, override, args);

        assertThat(origin.at("overload_manager.resource_monitors[0].name").toString())
                .isEqualTo("envoy.yaml: overload_manager.resource_monitors[0].name");
        assertThat(origin.at("overload_manager.resource_monitors[1].name").toString())
                .isEqualTo("edge.yaml document 2 Deployment/edge: spec.template.spec.containers[0].args[3]"
                        + ".overload_manager.resource_monitors[0].name");
        assertThat(origin.at("overload_manager.refresh_interval").file()).isEqualTo("edge.yaml");
        assertThat(origin.at("overload_manager").file()).as("a message both wrote is the base's").isEqualTo("envoy.yaml");
    }
}
