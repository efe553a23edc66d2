package io.soakrig.analysis.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An experiment's cells as one table — one row per cell: its settings, amplification per layer,
 * goodput, p99 and errors; for system variants, each endpoint's success in the cell's last quarter
 * (did logins stay up?); each Redis's peak fill; and, when an incident was pushed, what it did (OOM kills, crashes,
 * restarts, requests shed, availability, time to recover, the retry flood's peak, whether the
 * loop broke). The table is defined here once; the terminal prints {@link #asText()} and the
 * report shows {@link #asRows()}, so the two never disagree on a column or a figure.
 *
 * @param header the column names
 * @param labels how many leading columns are the cell's settings (left-aligned as text)
 * @param rows   one row of rendered values per cell, in play order
 */
public record ExperimentTable(List<String> header, int labels, List<List<String>> rows) {
    private static final List<String> INCIDENT = List.of("OOM kills", "crashes", "restarts", "shed", "available", "recovered",
            "peak x", "loop");

    public static ExperimentTable of(List<ExperimentCells.Cell> cells) {
        boolean memory = cells.stream().anyMatch(c -> c.memory() != null);
        boolean instances = cells.stream().anyMatch(c -> c.instances() != null);
        boolean failure = cells.stream().anyMatch(c -> c.failure() != null);
        boolean incident = cells.stream().anyMatch(c -> c.incident() != null);
        boolean variant = cells.stream().anyMatch(c -> c.variant() != null);
        Set<String> endpoints = new LinkedHashSet<>();
        Set<String> redises = new LinkedHashSet<>();
        cells.forEach(c -> {
            if (variant && c.successAtEnd() != null) {
                endpoints.addAll(c.successAtEnd().keySet());
            }
            if (c.redisPeak() != null) {
                redises.addAll(c.redisPeak().keySet());
            }
        });
        Set<String> layers = new LinkedHashSet<>();
        cells.forEach(c -> layers.addAll(c.amplification().keySet()));
        List<String> header = new ArrayList<>();
        if (variant) {
            header.add("variant");
        }
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
        endpoints.forEach(e -> header.add(e + " ok at end"));
        redises.forEach(r -> header.add(r + " peak"));
        if (incident) {
            header.addAll(INCIDENT);
        }
        List<List<String>> rows = new ArrayList<>();
        for (ExperimentCells.Cell c : cells) {
            List<String> row = new ArrayList<>();
            if (variant) {
                row.add(String.valueOf(c.variant()));
            }
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
            endpoints.forEach(e -> row.add(percent(c.successAtEnd() == null ? null : c.successAtEnd().get(e))));
            redises.forEach(r -> row.add(percent(c.redisPeak() == null ? null : c.redisPeak().get(r))));
            if (incident) {
                row.addAll(incidentColumns(c.incident()));
            }
            rows.add(List.copyOf(row));
        }
        return new ExperimentTable(List.copyOf(header), labels, List.copyOf(rows));
    }

    /** The table as aligned plain text, header first: settings left-aligned, figures right-aligned. */
    public String asText() {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        int[] widths = new int[header.size()];
        all.forEach(r -> {
            for (int i = 0; i < r.size(); i++) {
                widths[i] = Math.max(widths[i], r.get(i).length());
            }
        });
        StringBuilder table = new StringBuilder();
        for (List<String> r : all) {
            table.append(' ');
            for (int i = 0; i < r.size(); i++) {
                table.append(' ').append(String.format(i < labels ? "%-" + widths[i] + "s" : "%" + widths[i] + "s", r.get(i)));
            }
            table.append('\n');
        }
        return table.toString().stripTrailing();
    }

    /** The rows keyed by column name, in column order, as the report's tables take them; empty without cells. */
    public List<Map<String, Object>> asRows() {
        List<Map<String, Object>> keyed = new ArrayList<>();
        for (List<String> r : rows) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), r.get(i));
            }
            keyed.add(row);
        }
        return keyed;
    }

    private static String percent(Double share) {
        return share == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * share);
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
