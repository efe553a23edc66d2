package io.soakrig.harness.cli;

import io.soakrig.analysis.experiment.ExperimentCells;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** An experiment's cells as a plain-text table: one row per cell, amplification per layer, goodput, p99. */
final class ExperimentTable {
    private ExperimentTable() {
    }

    static String of(List<ExperimentCells.Cell> cells) {
        Set<String> layers = new LinkedHashSet<>();
        cells.forEach(c -> layers.addAll(c.amplification().keySet()));
        List<String> header = new ArrayList<>(List.of("retry", "failure"));
        layers.forEach(l -> header.add("x " + l));
        header.addAll(List.of("goodput/s", "p99 ms", "errors"));
        List<List<String>> rows = new ArrayList<>();
        rows.add(header);
        for (ExperimentCells.Cell c : cells) {
            List<String> row = new ArrayList<>(List.of(c.retry(), String.format(Locale.ROOT, "%.2f", c.failure())));
            layers.forEach(l -> row.add(c.amplification().containsKey(l) ? String.format(Locale.ROOT, "%.2f", c.amplification().get(l)) : "-"));
            row.add(c.goodputPerSecond() == null ? "-" : String.format(Locale.ROOT, "%.1f", c.goodputPerSecond()));
            row.add(c.p99Ms() == null ? "-" : String.format(Locale.ROOT, "%.2f", c.p99Ms()));
            row.add(c.errorRate() == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * c.errorRate()));
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
                table.append(' ').append(i < 2 ? String.format("%-" + widths[i] + "s", r.get(i)) : String.format("%" + widths[i] + "s", r.get(i)));
            }
            table.append('\n');
        }
        return table.toString().stripTrailing();
    }
}
