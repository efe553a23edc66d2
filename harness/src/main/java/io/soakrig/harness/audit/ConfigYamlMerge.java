package io.soakrig.harness.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Envoy's {@code --config-yaml} over the bootstrap read from {@code --config-path}, as Envoy
 * combines them: the bootstrap proto's {@code MergeFrom}, so a message is merged field by field,
 * a scalar is replaced, and a repeated field is appended to — a {@code resource_monitors} entry in
 * {@code --config-yaml} is added after the file's, it does not replace them.
 */
final class ConfigYamlMerge {
    private ConfigYamlMerge() {
    }

    /** A new tree: {@code override} merged over {@code base}; neither is changed. */
    static JsonNode merge(JsonNode base, JsonNode override) {
        if (base == null || !base.isObject() || override == null || !override.isObject()) {
            return override == null || override.isMissingNode() || override.isNull() ? base : override.deepCopy();
        }
        ObjectNode merged = ((ObjectNode) base).deepCopy();
        for (Map.Entry<String, JsonNode> field : override.properties()) {
            JsonNode existing = merged.get(field.getKey());
            JsonNode value = field.getValue();
            if (existing != null && existing.isObject() && value.isObject()) {
                merged.set(field.getKey(), merge(existing, value));
            } else if (existing != null && existing.isArray() && value.isArray()) {
                ArrayNode appended = ((ArrayNode) existing).deepCopy();
                value.forEach(v -> appended.add(v.deepCopy()));
                merged.set(field.getKey(), appended);
            } else {
                merged.set(field.getKey(), value.deepCopy());
            }
        }
        return merged;
    }
}
