package io.soakrig.harness.audit;

import io.soakrig.harness.audit.Finding.Severity;
import io.soakrig.harness.audit.KubernetesContainers.Container;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks Envoy bootstraps against the containers that run them, for the misconfiguration that
 * turned the April 2025 crash into a death loop: a fixed-heap {@code max_heap_size_bytes} at or
 * above the pod's memory limit means the kernel OOM-kills Envoy before its overload manager can
 * shed load. Alongside, the protections a retry flood needs: an overload manager with a
 * fixed-heap monitor and a {@code stop_accepting_requests} action, retries bounded by a budget or
 * a back-off, circuit breakers set for the cluster rather than left at Envoy's defaults.
 *
 * <p>An Envoy container (image or name containing "envoy", or naming a given bootstrap file in its
 * command) is paired with the bootstrap whose file name its command mentions — {@code -c
 * /etc/envoy/envoy.yaml} pairs with {@code envoy.yaml} — or, when its command names no
 * configuration file at all, with the only bootstrap given.
 */
public final class ConfigAudit {
    /** Headroom below the limit under which a fixed heap is flagged: the heap is not all of a process's memory. */
    public static final double DEFAULT_MARGIN = 0.10;

    private static final Pattern CONFIG_FILE = Pattern.compile("\\S+\\.(ya?ml|json)\\b");

    private final double margin;
    private final List<Finding> findings = new ArrayList<>();

    private ConfigAudit(double margin) {
        this.margin = margin;
    }

    /** Every finding, errors first, in the order of the files given. */
    public static List<Finding> audit(List<EnvoyBootstrap> envoys, List<Container> containers, double margin) {
        ConfigAudit audit = new ConfigAudit(margin);
        Set<EnvoyBootstrap> paired = new LinkedHashSet<>();
        for (Container c : containers) {
            EnvoyBootstrap envoy = pairOf(c, envoys);
            if (envoy != null) {
                paired.add(envoy);
                audit.limits(envoy, c);
            } else if (c.envoy()) {
                audit.unpairedContainer(c, envoys);
            }
        }
        for (EnvoyBootstrap envoy : envoys) {
            if (!containers.isEmpty() && !paired.contains(envoy)) {
                audit.add(Severity.WARNING, "unpaired-envoy", "no container given runs this bootstrap (no command names "
                        + fileName(envoy) + "): its heap is not checked against a memory limit", at(envoy, "(file)"));
            }
            audit.overload(envoy);
            audit.retries(envoy);
            audit.breakers(envoy);
        }
        List<Finding> sorted = new ArrayList<>(audit.findings);
        sorted.sort((a, b) -> a.severity().compareTo(b.severity()));
        return sorted;
    }

    private static EnvoyBootstrap pairOf(Container c, List<EnvoyBootstrap> envoys) {
        List<EnvoyBootstrap> named = envoys.stream().filter(e -> c.command().contains(fileName(e))).toList();
        if (named.size() == 1) {
            return named.get(0);
        }
        boolean namesSomeFile = CONFIG_FILE.matcher(c.command()).find();
        return named.isEmpty() && !namesSomeFile && c.envoy() && envoys.size() == 1 ? envoys.get(0) : null;
    }

    private void unpairedContainer(Container c, List<EnvoyBootstrap> envoys) {
        if (envoys.isEmpty()) {
            if (c.limitBytes() == null) {
                noLimit(c);
            }
            return;
        }
        add(Severity.WARNING, "unpaired-container", "container " + c.name() + " runs Envoy but its command names none of "
                + envoys.stream().map(ConfigAudit::fileName).toList() + ": its limit is not checked against a heap", c.location());
    }

    private void limits(EnvoyBootstrap envoy, Container c) {
        if (c.limitBytes() == null) {
            noLimit(c);
            return;
        }
        if (envoy.fixedHeap() == null) {
            return;
        }
        long heap = envoy.fixedHeap().maxHeapBytes();
        long limit = c.limitBytes();
        Location heapAt = at(envoy, envoy.fixedHeap().path());
        if (heap >= limit) {
            add(Severity.ERROR, "fixed-heap-above-limit", String.format(Locale.ROOT,
                    "max_heap_size_bytes %s is at or above container %s's memory limit %s: under a load spike the kernel "
                            + "OOM-kills Envoy before its overload manager sheds load, and every restart meets the same spike",
                    MemoryQuantity.show(heap), c.name(), MemoryQuantity.show(limit)), heapAt, c.limit());
        } else if (limit - heap < margin * limit) {
            add(Severity.WARNING, "heap-headroom", String.format(Locale.ROOT,
                    "max_heap_size_bytes %s leaves %.1f%% of container %s's memory limit %s for everything that is not heap "
                            + "(margin %.0f%%)", MemoryQuantity.show(heap), 100.0 * (limit - heap) / limit, c.name(),
                    MemoryQuantity.show(limit), 100 * margin), heapAt, c.limit());
        }
    }

    private void noLimit(Container c) {
        add(Severity.WARNING, "no-memory-limit", "container " + c.name() + " runs Envoy with no memory limit: nothing bounds it "
                + "but the node", c.limit());
    }

    private void overload(EnvoyBootstrap envoy) {
        if (!envoy.overloadManager()) {
            add(Severity.WARNING, "no-overload-manager", "no overload manager: Envoy never sheds load and grows until it is killed",
                    at(envoy, "overload_manager"));
        } else if (envoy.fixedHeap() == null) {
            add(Severity.WARNING, "no-fixed-heap-monitor", "the overload manager has no envoy.resource_monitors.fixed_heap monitor: "
                    + "no action can fire on memory", at(envoy, "overload_manager.resource_monitors"));
        } else if (envoy.stopAcceptingAt() == null) {
            add(Severity.WARNING, "no-stop-accepting-requests", "no " + EnvoyBootstrap.STOP_ACCEPTING_REQUESTS
                    + " action triggered by " + envoy.fixedHeap().monitor() + ": nothing answers 503 before memory runs out",
                    at(envoy, "overload_manager.actions"));
        }
    }

    private void retries(EnvoyBootstrap envoy) {
        for (EnvoyBootstrap.Retry r : envoy.retries()) {
            boolean budget = r.cluster() != null && envoy.clusters().stream()
                    .anyMatch(c -> c.name().equals(r.cluster()) && c.retryBudget());
            if (r.numRetries() > 0 && !r.backOff() && !budget) {
                add(Severity.WARNING, "retry-without-budget-or-backoff", "num_retries " + r.numRetries() + " with no retry_back_off"
                        + (r.cluster() == null ? "" : " and no retry_budget on cluster " + r.cluster())
                        + ": only the default 25 ms back-off and max_retries bound a retry flood", at(envoy, r.path()));
            }
        }
    }

    private void breakers(EnvoyBootstrap envoy) {
        for (EnvoyBootstrap.Cluster c : envoy.clusters()) {
            if (!c.thresholdsSet()) {
                add(Severity.WARNING, "default-circuit-breakers", "cluster " + c.name() + " leaves its circuit breakers at Envoy's "
                        + "defaults (1024 connections, pending and requests, 3 retries), sized for no particular service",
                        at(envoy, c.path() + ".circuit_breakers"));
            }
        }
    }

    private void add(Severity severity, String check, String message, Location... at) {
        findings.add(new Finding(severity, check, message, List.of(at)));
    }

    private static Location at(EnvoyBootstrap envoy, String path) {
        return new Location(envoy.file(), 0, null, path);
    }

    private static String fileName(EnvoyBootstrap envoy) {
        return Path.of(envoy.file()).getFileName().toString();
    }
}
