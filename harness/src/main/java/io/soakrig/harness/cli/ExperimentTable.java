package io.soakrig.harness.cli;

import io.soakrig.analysis.experiment.ExperimentCells;
import io.soakrig.analysis.experiment.IncidentOutcome;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An experiment's cells as a plain-text table: one row per cell, its settings, amplification per
 * layer, goodput, p99 and errors, and — when an incident was pushed — what it did: OOM kills,
 * crashes, restarts, requests shed, availability, time to recover and the retry flood's peak.
 */
final class ExperimentTable {
    private ExperimentTable() {
    }

    static String of(List<ExperimentCells.Cell> cells) {
        boolean memory = cells.stream().anyMatch(c -> c.memory() != null);
        boolean instances = cells.stream().anyMatch(c -> c.instances() != null);
        boolean failure = cells.stream().anyMatch(c -> c.failure() != null);
        boolean incident = cells.stream().anyMatch(c -> c.incident() != null);
        Set<String> layers = new LinkedHashSet<>();
        cells.forEach(c -> layers.addAll(c.amplification().keySet()));
        List<String> header = new ArrayList<>();
        if (memory) {
            header.add("memory");
        }
        header.add("retry");
        if (instances) {
            header.add("instances");
        }
        if (failure) {
            header.add("failure");
        }
        int labels = header.size();
        layers.forEach(l -> header.add("x " + l));
        header.addAll(List.of("goodput/s", "p99 ms", "errors"));
        if (incident) {
            header.addAll(List.of("OOM kills", "crashes", "restarts", "shed", "available", "recovered", "peak x", "loop"));
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(header);
        for (ExperimentCells.Cell c : cells) {
            List<String> row = new ArrayList<>();
            if (memory) {
                row.add(String.valueOf(c.memory()));
            }
            row.add(c.retry());
            if (instances) {
                row.add(String.valueOf(c.instances()));
            }
            if (failure) {
                row.add(c.failure() == null ? "-" : String.format(Locale.ROOT, "%.2f", c.failure()));
            }
            layers.forEach(l -> row.add(c.amplification().containsKey(l) ? String.format(Locale.ROOT, "%.2f", c.amplification().get(l)) : "-"));
            row.add(c.goodputPerSecond() == null ? "-" : String.format(Locale.ROOT, "%.1f", c.goodputPerSecond()));
            row.add(c.p99Ms() == null ? "-" : String.format(Locale.ROOT, "%.2f", c.p99Ms()));
            row.add(c.errorRate() == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * c.errorRate()));
            if (incident) {
                row.addAll(incidentColumns(c.incident()));
            }
            rows.add(row);
        }
        int[] widths = new int[header.size()];
        rows.forEach(r -> {
            for (int i = 0; i < r.size(); i++) {
                widths[i] = Math.max(widths[i], r.get(i).length());
            }
        });
        StringBuilder table = new StringBuilder();
        for (List<String> r : rows) {
            table.append(' ');
            for (int i = 0; i < r.size(); i++) {
                table.append(' ').append(i < labels ? String.format("%-" + widths[i] + "s", r.get(i)) : String.format("%" + widths[i] + "s", r.get(i)));
            }
            table.append('\n');
        }
        return table.toString().stripTrailing();
    }

    private static List<String> incidentColumns(IncidentOutcome o) {
        if (o == null) {
            return List.of("-", "-", "-", "-", "-", "-", "-", "-");
        }
        return List.of(String.valueOf(o.oomKills()), String.valueOf(o.crashes()), String.valueOf(o.restarts()), String.valueOf(o.shedRequests()),
                o.availability() == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * o.availability()),
                o.recoveredAfterSeconds() == null ? "never" : String.format(Locale.ROOT, "%.1f s", o.recoveredAfterSeconds()),
                o.peakAmplification() == null ? "-" : String.format(Locale.ROOT, "%.1f", o.peakAmplification()),
                o.loopBroke() ? "broke" : "looped");
    }
}
