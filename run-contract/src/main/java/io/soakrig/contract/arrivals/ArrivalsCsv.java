package io.soakrig.contract.arrivals;

import io.soakrig.contract.io.CsvColumns;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code arrivals.csv}: per second and population, the arrivals the schedule intended and those
 * the generator started — {@code second,population,intended,started}. The simulation writes it a
 * second at a time (flushed, so a killed run keeps every complete second); the analysis reads it
 * to see whether the generator kept up. Columns are read by the header's names.
 */
public final class ArrivalsCsv {
    public static final String SECOND = "second";
    public static final String POPULATION = "population";
    public static final String INTENDED = "intended";
    public static final String STARTED = "started";
    public static final String HEADER = CsvColumns.header(SECOND, POPULATION, INTENDED, STARTED);

    private ArrivalsCsv() {
    }

    /**
     * One second of one population.
     *
     * @param second     seconds since the first arrival, from 0
     * @param population the population (region, prefixed by a canary arm)
     * @param intended   arrivals the plan intended in that second
     * @param started    arrivals the generator started in it
     */
    public record Row(int second, String population, double intended, long started) {
        public Row {
            if (population == null || population.isEmpty() || population.contains(",")) {
                throw new IllegalArgumentException("a population is a name without ',', was '" + population + "'");
            }
        }
    }

    /** Appends rows to a new {@code arrivals.csv}; not thread-safe (one writing thread). */
    public static final class Writer implements AutoCloseable {
        private final PrintStream out;

        private Writer(PrintStream out) {
            this.out = out;
        }

        /** Creates (or truncates) {@code file} and writes the header. */
        public static Writer create(Path file) {
            try {
                PrintStream out = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.US_ASCII);
                out.println(HEADER);
                out.flush();
                return new Writer(out);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write arrival log " + file, e);
            }
        }

        public void write(Row row) {
            out.printf(Locale.ROOT, "%d,%s,%.3f,%d%n", row.second(), row.population(), row.intended(), row.started());
        }

        /** Makes every row written so far readable. */
        public void flush() {
            out.flush();
        }

        @Override
        public void close() {
            out.close();
        }
    }

    /**
     * Every complete row of {@code file}, in file order; empty when the run has no arrival log.
     * A row that does not parse (a line cut short by a kill) ends the rows.
     *
     * @throws IOException when the header does not name the four columns
     */
    public static Optional<List<Row>> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        List<Row> rows = new ArrayList<>();
        if (lines.isEmpty()) {
            return Optional.of(rows);
        }
        if (lines.size() == 1 && HEADER.startsWith(lines.get(0))) {
            return Optional.of(rows);
        }
        CsvColumns columns = CsvColumns.ofHeader(lines.get(0));
        if (!columns.has(SECOND) || !columns.has(POPULATION) || !columns.has(INTENDED) || !columns.has(STARTED)) {
            throw new IOException(file + ": header must name " + HEADER + ", was " + lines.get(0));
        }
        for (String line : lines.subList(1, lines.size())) {
            String[] f = columns.fields(line);
            if (f == null) {
                continue;
            }
            try {
                rows.add(new Row(Integer.parseInt(columns.text(f, SECOND)), columns.text(f, POPULATION),
                        columns.decimal(f, INTENDED), Long.parseLong(columns.text(f, STARTED))));
            } catch (IllegalArgumentException partialLine) {
                break;
            }
        }
        return Optional.of(rows);
    }
}
