package io.soakrig.harness.audit;

import io.soakrig.harness.audit.Finding.Severity;
import io.soakrig.harness.audit.KubernetesManifests.Container;
import io.soakrig.harness.audit.KubernetesManifests.DefaultLimit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks Envoy bootstraps against the containers that run them, for the misconfiguration that
 * turned the April 2025 crash into a death loop: a fixed-heap {@code max_heap_size_bytes} at or
 * above the pod's memory limit means the kernel OOM-kills Envoy before its overload manager can
 * shed load. Alongside, the protections a retry flood needs: an overload manager with a
 * fixed-heap monitor and a {@code stop_accepting_requests} action, retries bounded by a budget or
 * a back-off, circuit breakers set for the cluster rather than left at Envoy's defaults.
 *
 * <p>It fails closed: an Envoy whose heap could not be checked against a memory limit — its
 * bootstrap not found ({@link BootstrapPairing}), its container without a limit, or no fixed-heap
 * monitor to bound the heap at all — is an error, since a CI gate that checked nothing must not
 * pass. {@code allowUnpaired} turns the first two into warnings; a bootstrap with no heap bound
 * stays an error, for under a memory limit it is the outage itself.
 */
public final class ConfigAudit {
    /** Headroom below the limit under which a fixed heap is flagged: the heap is not all of a process's memory. */
    public static final double DEFAULT_MARGIN = 0.10;

    /**
     * @param pairs           which bootstrap each Envoy container runs, and how that was decided
     * @param sameText        bootstrap files that are the text of an inline bootstrap, checked as that
     * @param findings        errors first, in the order of the inputs
     * @param unreadable      bootstrap texts inside the manifests that could not be read, one line each
     * @param envoyContainers how many Envoy containers the manifests hold
     */
    public record Report(List<BootstrapPairing.Pair> pairs, List<BootstrapPairing.SameText> sameText, List<Finding> findings,
                         List<String> unreadable, int envoyContainers) {
        public long errors() {
            return findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
        }
    }

    private final double margin;
    private final Severity unchecked;
    private final List<DefaultLimit> defaultLimits;
    private final List<Finding> findings = new ArrayList<>();

    private ConfigAudit(double margin, boolean allowUnpaired, List<DefaultLimit> defaultLimits) {
        this.margin = margin;
        this.unchecked = allowUnpaired ? Severity.WARNING : Severity.ERROR;
        this.defaultLimits = defaultLimits;
    }

    /**
     * @param files         the bootstraps given with {@code --envoy} and {@code --pair}
     * @param requests      the {@code --pair} options
     * @param allowUnpaired whether an Envoy whose heap could not be checked against a limit is only a warning
     * @throws AuditInputException when a {@code --pair} names no container, or more than one
     */
    public static Report audit(List<EnvoyBootstrap> files, List<BootstrapPairing.Request> requests, KubernetesManifests manifests,
                               double margin, boolean allowUnpaired) throws AuditInputException {
        BootstrapPairing.Result paired = BootstrapPairing.pair(files, requests, manifests, allowUnpaired);
        ConfigAudit audit = new ConfigAudit(margin, allowUnpaired, manifests.defaultLimits());
        audit.findings.addAll(paired.findings());
        for (BootstrapPairing.Pair p : paired.pairs()) {
            audit.limits(p.bootstrap(), p.container());
        }
        for (EnvoyBootstrap envoy : paired.running()) {
            audit.overload(envoy);
            audit.retries(envoy);
            audit.breakers(envoy);
        }
        List<Finding> sorted = new ArrayList<>(audit.findings);
        sorted.sort((a, b) -> a.severity().compareTo(b.severity()));
        return new Report(paired.pairs(), paired.sameText(), sorted, paired.unreadable(), paired.envoyContainers());
    }

    private void limits(EnvoyBootstrap envoy, Container c) {
        Long limit = c.limitBytes();
        Location limitAt = c.limit();
        String whose = "container " + c.qualifiedName() + "'s memory limit";
        if (limit == null) {
            DefaultLimit d = defaultLimits.stream().filter(l -> l.namespace().isEmpty() || c.pod().namespace().isEmpty()
                    || l.namespace().equals(c.pod().namespace())).findFirst().orElse(null);
            if (d == null) {
                add(unchecked, "no-memory-limit", "container " + c.qualifiedName() + " runs Envoy with no memory limit, and no "
                        + "LimitRange among the inputs gives it one: its heap cannot be checked against a limit, and nothing but "
                        + "the node's memory bounds it", c.limit());
                return;
            }
            limit = d.bytes();
            limitAt = d.location();
            whose = "the LimitRange default limit of container " + c.qualifiedName() + " (which sets none)";
        }
        if (envoy.fixedHeap() == null) {
            return;
        }
        long heap = envoy.fixedHeap().maxHeapBytes();
        Location heapAt = envoy.at(envoy.fixedHeap().path());
        if (heap >= limit) {
            add(Severity.ERROR, "fixed-heap-above-limit", String.format(Locale.ROOT,
                    "max_heap_size_bytes %s is at or above %s %s: under a load spike the kernel "
                            + "OOM-kills Envoy before its overload manager sheds load, and every restart meets the same spike",
                    MemoryQuantity.show(heap), whose, MemoryQuantity.show(limit)), heapAt, limitAt);
        } else if (limit - heap < margin * limit) {
            add(Severity.WARNING, "heap-headroom", String.format(Locale.ROOT,
                    "max_heap_size_bytes %s leaves %.1f%% of %s %s for everything that is not heap "
                            + "(margin %.0f%%)", MemoryQuantity.show(heap), 100.0 * (limit - heap) / limit, whose,
                    MemoryQuantity.show(limit), 100 * margin), heapAt, limitAt);
        }
    }

    private void overload(EnvoyBootstrap envoy) {
        if (!envoy.overloadManager()) {
            add(Severity.ERROR, "no-overload-manager", "no overload manager, so no fixed-heap monitor: nothing bounds Envoy's heap, "
                    + "it never sheds load and grows under a flood until the kernel OOM-kills it at its memory limit",
                    at(envoy, "overload_manager"));
        } else if (envoy.fixedHeap() == null) {
            add(Severity.ERROR, "no-fixed-heap-monitor", "the overload manager has no envoy.resource_monitors.fixed_heap monitor: "
                    + "nothing bounds Envoy's heap and no action can fire on memory, so under a flood the kernel OOM-kills it "
                    + "at its memory limit", at(envoy, "overload_manager.resource_monitors"));
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
        return envoy.at(path);
    }
}
