package io.soakrig.harness.audit;

import java.util.List;

/**
 * One thing the audit found, with every place it concerns (a heap/limit mismatch points at both
 * the Envoy field and the container's limit).
 *
 * @param severity ERROR when the configuration can kill the proxy under load; WARNING when it
 *                 removes a protection the April 2025 outage needed
 * @param check    a stable identifier for CI filters, e.g. {@code fixed-heap-above-limit}
 */
public record Finding(Severity severity, String check, String message, List<Location> locations) {
    public enum Severity { ERROR, WARNING }

    public Finding {
        locations = List.copyOf(locations);
    }
}
