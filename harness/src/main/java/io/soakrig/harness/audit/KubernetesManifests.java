package io.soakrig.harness.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the audit needs from Kubernetes manifests as repositories hold them — multi-document YAML
 * (Helm's rendered output with its {@code # Source:} comments and empty documents, kustomize's
 * build output), JSON, and {@code List} objects as {@code kubectl get -o yaml} writes them:
 * <ul>
 *   <li>every container of a pod template (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet,
 *       ReplicationController, Job, CronJob, PodTemplate), with its command line, volume mounts and
 *       memory limit, and its pod's volumes — native sidecars ({@code initContainers} with
 *       {@code restartPolicy: Always}) run beside the main containers and count as containers;</li>
 *   <li>the ConfigMaps and Secrets, whose keys may hold an Envoy bootstrap inline;</li>
 *   <li>LimitRanges' default container memory limit, which applies to a container that sets none.</li>
 * </ul>
 * Every item carries the file, document and field path it was read at.
 */
public final class KubernetesManifests {
    private static final Map<String, String> POD_SPEC = Map.of(
            "Pod", "spec",
            "Deployment", "spec.template.spec",
            "StatefulSet", "spec.template.spec",
            "DaemonSet", "spec.template.spec",
            "ReplicaSet", "spec.template.spec",
            "ReplicationController", "spec.template.spec",
            "Job", "spec.template.spec",
            "CronJob", "spec.jobTemplate.spec.template.spec",
            "PodTemplate", "template.spec");

    /** A pod template: the object holding it ({@code Deployment/perimeter}), its namespace (empty when unset) and volumes by name. */
    public record Pod(String kind, String name, String namespace, Location location, Map<String, JsonNode> volumes) {
        /** {@code deployment/perimeter}, as kubectl names it. */
        public String qualifiedName() {
            return kind.toLowerCase(Locale.ROOT) + "/" + name;
        }
    }

    /** A volumeMount: {@code subPath} is empty when the whole volume is mounted. */
    public record Mount(String volume, String mountPath, String subPath, boolean subPathExpr, String path) {
    }

    /**
     * A container and its memory limit (null when it sets none).
     *
     * @param location   the container itself ({@code ...containers[1]})
     * @param limitBytes {@code resources.limits.memory} in bytes, or null when unset (or 0, which sets no limit)
     */
    public record Container(Pod pod, Location location, String name, String image, List<String> command, List<String> args,
                            String workingDir, List<Mount> mounts, Long limitBytes) {
        public Container {
            command = List.copyOf(command);
            args = List.copyOf(args);
            mounts = List.copyOf(mounts);
        }

        /** Where the memory limit is, or would be. */
        public Location limit() {
            return at("resources.limits.memory");
        }

        /** A field of this container, e.g. {@code args[1]}. */
        public Location at(String field) {
            return new Location(location.file(), location.document(), location.object(), location.path() + "." + field);
        }

        /** {@code deployment/perimeter/envoy}: the form {@code --pair} accepts and messages use. */
        public String qualifiedName() {
            return pod.qualifiedName() + "/" + name;
        }

        /** Whether this runs Envoy: by image, name or executable, as an Envoy sidecar or gateway is deployed. */
        public boolean envoy() {
            String executable = command.isEmpty() ? "" : command.get(0).substring(command.get(0).lastIndexOf('/') + 1);
            return image.toLowerCase(Locale.ROOT).contains("envoy") || name.toLowerCase(Locale.ROOT).contains("envoy")
                    || executable.equals("envoy");
        }
    }

    /** One key of a ConfigMap or Secret, decoded, and where it is ({@code data["envoy.yaml"]}). */
    public record Entry(String text, Location location) {
    }

    /** A ConfigMap or Secret: what a volume can mount. */
    public record ConfigObject(String kind, String name, String namespace, Location location, Map<String, Entry> entries) {
        public String qualifiedName() {
            return kind + "/" + name;
        }
    }

    /** A LimitRange's default memory limit for containers that set none. */
    public record DefaultLimit(String namespace, long bytes, Location location) {
    }

    private final List<Container> containers = new ArrayList<>();
    private final List<ConfigObject> configs = new ArrayList<>();
    private final List<DefaultLimit> defaultLimits = new ArrayList<>();
    private final Map<String, Integer> kinds = new TreeMap<>();

    private KubernetesManifests() {
    }

    /** Nothing: what no {@code --k8s} file gives. */
    public static KubernetesManifests none() {
        return new KubernetesManifests();
    }

    /**
     * @throws AuditInputException when the file is unreadable, holds no Kubernetes object at all, or
     *                             a field the audit reads (a memory limit, a Secret's base64) is malformed
     */
    public static KubernetesManifests read(Path file) throws AuditInputException {
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
        KubernetesManifests read = new KubernetesManifests();
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
            JsonNode items = doc.path("items");
            if (doc.path("kind").asText().endsWith("List") && items.isArray()) {
                for (int i = 0; i < items.size(); i++) {
                    read.object(file, document, items.get(i), "items[" + i + "].");
                }
            } else {
                read.object(file, document, doc, "");
            }
        }
        if (read.kinds.isEmpty()) {
            throw new AuditInputException(file + ": holds no Kubernetes object (an empty file, or only empty documents)");
        }
        return read;
    }

    /** These manifests and {@code other}'s, as one set of inputs. */
    public KubernetesManifests with(KubernetesManifests other) {
        KubernetesManifests both = new KubernetesManifests();
        for (KubernetesManifests m : List.of(this, other)) {
            both.containers.addAll(m.containers);
            both.configs.addAll(m.configs);
            both.defaultLimits.addAll(m.defaultLimits);
            m.kinds.forEach((k, n) -> both.kinds.merge(k, n, Integer::sum));
        }
        return both;
    }

    public List<Container> containers() {
        return List.copyOf(containers);
    }

    public List<ConfigObject> configs() {
        return List.copyOf(configs);
    }

    public List<DefaultLimit> defaultLimits() {
        return List.copyOf(defaultLimits);
    }

    /** How many objects of each kind were read, e.g. {@code {Service=1}}: what a message says was there. */
    public Map<String, Integer> kinds() {
        return Map.copyOf(kinds);
    }

    private void object(Path file, int document, JsonNode object, String prefix) throws AuditInputException {
        String kind = object.path("kind").asText();
        kinds.merge(kind, 1, Integer::sum);
        String name = object.path("metadata").path("name").asText("?");
        String namespace = object.path("metadata").path("namespace").asText("");
        Location at = new Location(file.toString(), document, kind + "/" + name, prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1));
        switch (kind) {
            case "ConfigMap", "Secret" -> configs.add(config(kind, name, namespace, object, at, prefix));
            case "LimitRange" -> defaultLimit(namespace, object, at, prefix);
            default -> {
                if (POD_SPEC.containsKey(kind)) {
                    pod(kind, name, namespace, object, at, prefix);
                }
            }
        }
    }

    private void pod(String kind, String name, String namespace, JsonNode object, Location at, String prefix)
            throws AuditInputException {
        String podSpecPath = POD_SPEC.get(kind);
        JsonNode podSpec = object;
        for (String key : podSpecPath.split("\\.")) {
            podSpec = podSpec.path(key);
        }
        Map<String, JsonNode> volumes = new LinkedHashMap<>();
        podSpec.path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
        Pod pod = new Pod(kind, name, namespace, new Location(at.file(), at.document(), at.object(), prefix + podSpecPath), volumes);
        JsonNode main = podSpec.path("containers");
        for (int i = 0; i < main.size(); i++) {
            containers.add(container(pod, prefix + podSpecPath + ".containers[" + i + "]", main.get(i)));
        }
        JsonNode init = podSpec.path("initContainers");
        for (int i = 0; i < init.size(); i++) {
            if ("Always".equals(init.get(i).path("restartPolicy").asText())) {
                containers.add(container(pod, prefix + podSpecPath + ".initContainers[" + i + "]", init.get(i)));
            }
        }
    }

    private static Container container(Pod pod, String path, JsonNode c) throws AuditInputException {
        Location at = new Location(pod.location().file(), pod.location().document(), pod.location().object(), path);
        Long limit = memory(c.path("resources").path("limits").path("memory"), at + ".resources.limits.memory");
        List<Mount> mounts = new ArrayList<>();
        JsonNode m = c.path("volumeMounts");
        for (int i = 0; i < m.size(); i++) {
            mounts.add(new Mount(m.get(i).path("name").asText(), m.get(i).path("mountPath").asText(),
                    m.get(i).path("subPath").asText(""), m.get(i).has("subPathExpr"), path + ".volumeMounts[" + i + "]"));
        }
        return new Container(pod, at, c.path("name").asText("?"), c.path("image").asText(""), words(c.path("command")),
                words(c.path("args")), c.path("workingDir").asText(""), mounts, limit);
    }

    private static List<String> words(JsonNode list) {
        List<String> words = new ArrayList<>();
        list.forEach(w -> words.add(w.asText()));
        return words;
    }

    private static Long memory(JsonNode memory, String at) throws AuditInputException {
        if (memory.isMissingNode() || memory.isNull()) {
            return null;
        }
        try {
            long bytes = MemoryQuantity.bytes(memory.asText());
            return bytes == 0 ? null : bytes;
        } catch (IllegalArgumentException e) {
            throw new AuditInputException(at + ": " + e.getMessage());
        }
    }

    private void defaultLimit(String namespace, JsonNode object, Location at, String prefix) throws AuditInputException {
        JsonNode limits = object.path("spec").path("limits");
        for (int i = 0; i < limits.size(); i++) {
            String path = prefix + "spec.limits[" + i + "].default.memory";
            Location where = new Location(at.file(), at.document(), at.object(), path);
            Long bytes = memory(limits.get(i).path("default").path("memory"), where.toString());
            if ("Container".equals(limits.get(i).path("type").asText()) && bytes != null) {
                defaultLimits.add(new DefaultLimit(namespace, bytes, where));
            }
        }
    }

    /** A ConfigMap's data and binaryData, or a Secret's data (base64) under its stringData, as the API server stores them. */
    private static ConfigObject config(String kind, String name, String namespace, JsonNode object, Location at, String prefix)
            throws AuditInputException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        boolean secret = kind.equals("Secret");
        entries(object, prefix, secret ? "data" : "binaryData", true, at, entries);
        entries(object, prefix, secret ? "stringData" : "data", false, at, entries);
        return new ConfigObject(kind, name, namespace, at, entries);
    }

    private static void entries(JsonNode object, String prefix, String field, boolean base64, Location at, Map<String, Entry> into)
            throws AuditInputException {
        for (Map.Entry<String, JsonNode> e : object.path(field).properties()) {
            Location where = new Location(at.file(), at.document(), at.object(), prefix + field + "[\"" + e.getKey() + "\"]");
            String text = e.getValue().asText();
            if (base64) {
                try {
                    text = new String(Base64.getMimeDecoder().decode(text), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException ex) {
                    throw new AuditInputException(where + ": not base64: " + ex.getMessage());
                }
            }
            into.put(e.getKey(), new Entry(text, where));
        }
    }
}
