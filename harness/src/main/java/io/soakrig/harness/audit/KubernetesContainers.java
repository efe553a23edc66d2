package io.soakrig.harness.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The containers declared in Kubernetes manifests — Pods, Deployments, StatefulSets, DaemonSets,
 * ReplicaSets, Jobs and CronJobs, in multi-document YAML or JSON, and inside {@code List}
 * objects — each with its memory limit and the path it was read at. Other kinds (Services,
 * ConfigMaps) are skipped. Native sidecars ({@code initContainers} with {@code restartPolicy: Always})
 * run beside the main containers and count as containers.
 */
public final class KubernetesContainers {
    private static final Map<String, String> POD_SPEC = Map.of(
            "Pod", "spec",
            "Deployment", "spec.template.spec",
            "StatefulSet", "spec.template.spec",
            "DaemonSet", "spec.template.spec",
            "ReplicaSet", "spec.template.spec",
            "Job", "spec.template.spec",
            "CronJob", "spec.jobTemplate.spec.template.spec");

    /**
     * A container and its memory limit (null when it sets none).
     *
     * @param location    the container itself ({@code ...containers[1]})
     * @param limitBytes  {@code resources.limits.memory} in bytes, or null
     * @param command     command and args joined, to see which configuration file it runs
     */
    public record Container(Location location, String name, String image, String command, Long limitBytes) {
        /** Where the memory limit is, or would be. */
        public Location limit() {
            return new Location(location.file(), location.document(), location.object(), location.path() + ".resources.limits.memory");
        }

        /** Whether this runs Envoy: by image or name, as an Envoy sidecar or gateway is deployed. */
        public boolean envoy() {
            return image.toLowerCase(java.util.Locale.ROOT).contains("envoy") || name.toLowerCase(java.util.Locale.ROOT).contains("envoy");
        }
    }

    private KubernetesContainers() {
    }

    /** @throws AuditInputException when the file is unreadable or a memory limit is not a quantity */
    public static List<Container> read(Path file) throws AuditInputException {
        List<JsonNode> documents = new ArrayList<>();
        ObjectMapper mapper = file.toString().endsWith(".json") ? new ObjectMapper() : new YAMLMapper();
        try (MappingIterator<JsonNode> docs = mapper.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (docs.hasNextValue()) {
                documents.add(docs.nextValue());
            }
        } catch (IOException | RuntimeException e) {
            throw new AuditInputException(file + ": not readable as Kubernetes YAML/JSON: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        List<Container> containers = new ArrayList<>();
        int multi = documents.size() > 1 ? 1 : 0;
        for (int d = 0; d < documents.size(); d++) {
            JsonNode doc = documents.get(d);
            if (doc == null || doc.isNull() || doc.isMissingNode()) {
                continue;
            }
            if (!doc.isObject() || !doc.has("kind")) {
                throw new AuditInputException(file + (multi > 0 ? " document " + (d + 1) : "") + ": not a Kubernetes object (no kind)");
            }
            int document = multi * (d + 1);
            if ("List".equals(doc.path("kind").asText())) {
                JsonNode items = doc.path("items");
                for (int i = 0; i < items.size(); i++) {
                    containers(file, document, items.get(i), "items[" + i + "].", containers);
                }
            } else {
                containers(file, document, doc, "", containers);
            }
        }
        return containers;
    }

    private static void containers(Path file, int document, JsonNode object, String prefix, List<Container> into)
            throws AuditInputException {
        String kind = object.path("kind").asText();
        String podSpecPath = POD_SPEC.get(kind);
        if (podSpecPath == null) {
            return;
        }
        JsonNode podSpec = object;
        for (String key : podSpecPath.split("\\.")) {
            podSpec = podSpec.path(key);
        }
        String name = kind + "/" + object.path("metadata").path("name").asText("?");
        JsonNode main = podSpec.path("containers");
        for (int i = 0; i < main.size(); i++) {
            into.add(container(file, document, name, prefix + podSpecPath + ".containers[" + i + "]", main.get(i)));
        }
        JsonNode init = podSpec.path("initContainers");
        for (int i = 0; i < init.size(); i++) {
            if ("Always".equals(init.get(i).path("restartPolicy").asText())) {
                into.add(container(file, document, name, prefix + podSpecPath + ".initContainers[" + i + "]", init.get(i)));
            }
        }
    }

    private static Container container(Path file, int document, String object, String path, JsonNode c) throws AuditInputException {
        Location at = new Location(file.toString(), document, object, path);
        JsonNode memory = c.path("resources").path("limits").path("memory");
        Long limit = null;
        if (!memory.isMissingNode() && !memory.isNull()) {
            try {
                limit = MemoryQuantity.bytes(memory.asText());
            } catch (IllegalArgumentException e) {
                throw new AuditInputException(at + ".resources.limits.memory: " + e.getMessage());
            }
        }
        List<String> words = new ArrayList<>();
        c.path("command").forEach(w -> words.add(w.asText()));
        c.path("args").forEach(w -> words.add(w.asText()));
        return new Container(at, c.path("name").asText("?"), c.path("image").asText(""), String.join(" ", words), limit);
    }
}
