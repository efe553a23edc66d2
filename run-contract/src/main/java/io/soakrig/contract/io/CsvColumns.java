package io.soakrig.contract.io;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The columns of a CSV file as its header row names them, so that readers find a figure by its
 * column's name rather than its position: a file written before a column was added still reads
 * (the column is absent), and a reordered file reads the same.
 */
public final class CsvColumns {
    private final List<String> names;
    /** Each name's first column: looked up once per field of every row, so not searched in the list. */
    private final Map<String, Integer> index = new HashMap<>();

    private CsvColumns(List<String> names) {
        this.names = names;
        for (int i = names.size() - 1; i >= 0; i--) {
            index.put(names.get(i), i);
        }
    }

    /** The columns a header row names. */
    public static CsvColumns ofHeader(String header) {
        return new CsvColumns(List.of(header.strip().split(",", -1)));
    }

    /** The header row naming {@code names}. */
    public static String header(String... names) {
        return String.join(",", names);
    }

    public int size() {
        return names.size();
    }

    public boolean has(String name) {
        return index.containsKey(name);
    }

    /** Splits one data row; null when it does not have one field per column (a line cut short). */
    public String[] fields(String line) {
        String[] f = line.split(",", -1);
        return f.length == names.size() ? f : null;
    }

    /**
     * The field of column {@code name}.
     *
     * @throws IllegalArgumentException when the header has no such column
     */
    public String text(String[] fields, String name) {
        int i = index.getOrDefault(name, -1);
        if (i < 0) {
            throw new IllegalArgumentException("no column '" + name + "' in header " + String.join(",", names));
        }
        return fields[i];
    }

    /** A whole number; {@code absent} when the header has no such column. */
    public long number(String[] fields, String name, long absent) {
        int i = index.getOrDefault(name, -1);
        return i < 0 ? absent : Long.parseLong(fields[i]);
    }

    /** A decimal number of column {@code name}. */
    public double decimal(String[] fields, String name) {
        return Double.parseDouble(text(fields, name));
    }
}
