package io.soakrig.harness.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the audit needs from an Envoy v3 bootstrap (YAML or JSON): the overload manager's
 * fixed-heap monitor and its {@code stop_accepting_requests} action, each cluster's circuit
 * breakers, and each route's retry policy — every one with the path it was read at.
 *
 * <p>Field names follow the bootstrap proto ({@code overload_manager.resource_monitors[].typed_config.max_heap_size_bytes},
 * {@code static_resources.clusters[].circuit_breakers.thresholds[]}, the HTTP connection manager's
 * {@code route_config.virtual_hosts[].routes[].route.retry_policy}); the v2 {@code config} form of a
 * monitor is read too, since old bootstraps linger in repositories.
 */
public record EnvoyBootstrap(BootstrapOrigin origin, JsonNode root, boolean overloadManager, FixedHeap fixedHeap,
                             Double stopAcceptingAt, List<Cluster> clusters, List<Retry> retries) {
    static final String STOP_ACCEPTING_REQUESTS = "envoy.overload_actions.stop_accepting_requests";

    /** {@code max_heap_size_bytes} of the fixed-heap monitor named {@code monitor}, read at {@code path}. */
    public record FixedHeap(String monitor, long maxHeapBytes, String path) {
    }

    /** A cluster and whether its circuit breakers set any threshold or a retry budget. */
    public record Cluster(String name, String path, boolean thresholdsSet, boolean retryBudget) {
    }

    /** A retry policy on a route or virtual host, for {@code cluster} (null on a virtual host). */
    public record Retry(String path, String cluster, int numRetries, boolean backOff) {
    }

    /** @throws AuditInputException when the file is unreadable or is not an Envoy bootstrap */
    public static EnvoyBootstrap read(Path file) throws AuditInputException {
        JsonNode root;
        try {
            ObjectMapper mapper = file.toString().endsWith(".json") ? new ObjectMapper() : new YAMLMapper();
            root = mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new AuditInputException(file + ": not readable as Envoy YAML/JSON: " + firstLine(e.getMessage()));
        }
        return of(root, BootstrapOrigin.file(file));
    }

    /**
     * A bootstrap held as text in a Kubernetes object (a ConfigMap's data, a container's
     * {@code --config-yaml}); YAML, of which Envoy's JSON form is a subset.
     *
     * @throws AuditInputException naming {@code origin} when the text is not an Envoy bootstrap
     */
    public static EnvoyBootstrap parse(String text, BootstrapOrigin origin) throws AuditInputException {
        return of(tree(text, origin.source()), origin);
    }

    /** {@code text} read as YAML; the message names {@code at}. */
    static JsonNode tree(String text, Location at) throws AuditInputException {
        try {
            return new YAMLMapper().readTree(text);
        } catch (IOException e) {
            throw new AuditInputException(at + ": not readable as Envoy YAML/JSON: " + firstLine(e.getMessage()));
        }
    }

    /**
     * This bootstrap as Envoy runs it with {@code overrideText}, a container's {@code --config-yaml}
     * read at {@code at}, merged over it.
     */
    public EnvoyBootstrap withConfigYaml(String overrideText, Location at) throws AuditInputException {
        JsonNode override = tree(overrideText, at);
        return of(ConfigYamlMerge.merge(root, override), origin.mergedWith(root, override, at));
    }

    private static EnvoyBootstrap of(JsonNode root, BootstrapOrigin origin) throws AuditInputException {
        if (root == null || !root.isObject() || !(root.has("static_resources") || root.has("dynamic_resources")
                || root.has("overload_manager") || root.has("admin") || root.has("node"))) {
            throw new AuditInputException(origin.source() + ": not an Envoy bootstrap (none of static_resources, "
                    + "dynamic_resources, overload_manager, admin, node at the top level)");
        }
        JsonNode overload = root.path("overload_manager");
        FixedHeap heap = fixedHeap(origin, overload);
        return new EnvoyBootstrap(origin, root, overload.isObject(), heap, stopAcceptingAt(overload, heap),
                clusters(root), retries(root));
    }

    /** Where the field at {@code path} of this bootstrap is written. */
    public Location at(String path) {
        return origin.at(path);
    }

    private static FixedHeap fixedHeap(BootstrapOrigin origin, JsonNode overload) throws AuditInputException {
        JsonNode monitors = overload.path("resource_monitors");
        for (int i = 0; i < monitors.size(); i++) {
            JsonNode m = monitors.get(i);
            String config = m.has("typed_config") ? "typed_config" : "config";
            if (!m.path("name").asText().contains("fixed_heap") && !m.path(config).path("@type").asText().contains("fixed_heap")) {
                continue;
            }
            String path = "overload_manager.resource_monitors[" + i + "]." + config + ".max_heap_size_bytes";
            JsonNode max = m.path(config).path("max_heap_size_bytes");
            // proto3 JSON writes uint64 as a string; the proto's validation rule is gt: 0
            String text = max.isMissingNode() ? "(missing)" : max.asText();
            if (!max.isIntegralNumber() && !(max.isTextual() && text.matches("\\d+"))) {
                throw new AuditInputException(origin.at(path) + ": expected a byte count above 0, got " + text);
            }
            try {
                long bytes = Long.parseLong(text);
                if (bytes <= 0) {
                    throw new AuditInputException(origin.at(path) + ": expected a byte count above 0, got " + text);
                }
                return new FixedHeap(m.path("name").asText(), bytes, path);
            } catch (NumberFormatException e) {
                throw new AuditInputException(origin.at(path) + ": " + text + " bytes is beyond any memory limit");
            }
        }
        return null;
    }

    private static Double stopAcceptingAt(JsonNode overload, FixedHeap heap) {
        JsonNode actions = overload.path("actions");
        for (JsonNode action : actions) {
            if (!STOP_ACCEPTING_REQUESTS.equals(action.path("name").asText())) {
                continue;
            }
            for (JsonNode trigger : action.path("triggers")) {
                if (heap != null && heap.monitor().equals(trigger.path("name").asText())) {
                    JsonNode t = trigger.has("threshold") ? trigger.path("threshold").path("value")
                            : trigger.path("scaled").path("saturation_threshold");
                    return t.asDouble(1.0);
                }
            }
        }
        return null;
    }

    private static List<Cluster> clusters(JsonNode root) {
        List<Cluster> clusters = new ArrayList<>();
        JsonNode list = root.path("static_resources").path("clusters");
        for (int i = 0; i < list.size(); i++) {
            JsonNode thresholds = list.get(i).path("circuit_breakers").path("thresholds");
            boolean set = false;
            boolean budget = false;
            for (JsonNode t : thresholds) {
                set |= t.has("max_connections") || t.has("max_pending_requests") || t.has("max_requests") || t.has("max_retries");
                budget |= t.has("retry_budget");
            }
            clusters.add(new Cluster(list.get(i).path("name").asText(), "static_resources.clusters[" + i + "]", set || budget, budget));
        }
        return clusters;
    }

    private static List<Retry> retries(JsonNode root) {
        List<Retry> retries = new ArrayList<>();
        JsonNode listeners = root.path("static_resources").path("listeners");
        for (int l = 0; l < listeners.size(); l++) {
            JsonNode chains = listeners.get(l).path("filter_chains");
            for (int c = 0; c < chains.size(); c++) {
                JsonNode filters = chains.get(c).path("filters");
                for (int f = 0; f < filters.size(); f++) {
                    String prefix = "static_resources.listeners[" + l + "].filter_chains[" + c + "].filters[" + f + "].typed_config.route_config";
                    JsonNode hosts = filters.get(f).path("typed_config").path("route_config").path("virtual_hosts");
                    for (int v = 0; v < hosts.size(); v++) {
                        virtualHostRetries(hosts.get(v), prefix + ".virtual_hosts[" + v + "]", retries);
                    }
                }
            }
        }
        return retries;
    }

    private static void virtualHostRetries(JsonNode host, String path, List<Retry> retries) {
        if (host.has("retry_policy")) {
            retries.add(retry(host.path("retry_policy"), path + ".retry_policy", null));
        }
        JsonNode routes = host.path("routes");
        for (int r = 0; r < routes.size(); r++) {
            JsonNode route = routes.get(r).path("route");
            if (route.has("retry_policy")) {
                retries.add(retry(route.path("retry_policy"), path + ".routes[" + r + "].route.retry_policy",
                        route.path("cluster").asText(null)));
            }
        }
    }

    private static Retry retry(JsonNode policy, String path, String cluster) {
        // num_retries is a UInt32Value wrapper: absent means Envoy's default of 1
        return new Retry(path, cluster, policy.path("num_retries").asInt(1), policy.has("retry_back_off"));
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
