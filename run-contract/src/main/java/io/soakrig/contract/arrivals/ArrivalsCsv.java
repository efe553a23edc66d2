package io.soakrig.contract.arrivals;

import io.soakrig.contract.io.CsvColumns;
import io.soakrig.contract.io.LineTail;
import java.io.BufferedReader;
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
     * A row that does not parse (a line cut short by a kill) ends the rows. The file is read line
     * by line, never whole: a day's log is tens of thousands of rows per population.
     *
     * @throws IOException when the header does not name the four columns
     */
    public static Optional<List<Row>> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        List<Row> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            String header = in.readLine();
            String line = header == null ? null : in.readLine();
            if (header == null || line == null && HEADER.startsWith(header)) {
                return Optional.of(rows);
            }
            CsvColumns columns = columns(file, header);
            for (; line != null; line = in.readLine()) {
                String[] f = columns.fields(line);
                if (f == null) {
                    continue;
                }
                Row row = row(columns, f);
                if (row == null) {
                    break;
                }
                rows.add(row);
            }
        }
        return Optional.of(rows);
    }

    private static CsvColumns columns(Path file, String header) throws IOException {
        CsvColumns columns = CsvColumns.ofHeader(header);
        if (!columns.has(SECOND) || !columns.has(POPULATION) || !columns.has(INTENDED) || !columns.has(STARTED)) {
            throw new IOException(file + ": header must name " + HEADER + ", was " + header);
        }
        return columns;
    }

    /** The row of a line's fields; null when they do not parse (a line cut short). */
    private static Row row(CsvColumns columns, String[] f) {
        try {
            return new Row(Integer.parseInt(columns.text(f, SECOND)), columns.text(f, POPULATION),
                    columns.decimal(f, INTENDED), Long.parseLong(columns.text(f, STARTED)));
        } catch (IllegalArgumentException partialLine) {
            return null;
        }
    }

    /**
     * Follows the arrival log while the simulation writes it: each poll parses only the rows
     * appended since the one before, as {@link #read} would have read them.
     */
    public static final class Tail {
        private final Path file;
        private final LineTail lines;
        private CsvColumns columns;
        private boolean ended;

        public Tail(Path file) {
            this.file = file;
            this.lines = new LineTail(file, StandardCharsets.US_ASCII);
        }

        /**
         * The rows appended since the last poll; empty when there is no arrival log yet.
         *
         * @throws IOException when the header does not name the four columns
         */
        public Optional<Rows> poll() throws IOException {
            LineTail.Lines appended = lines.poll();
            if (appended == null) {
                return Optional.empty();
            }
            List<String> text = appended.lines();
            if (appended.fromStart()) {
                columns = null;
                ended = false;
            }
            List<Row> rows = new ArrayList<>();
            int first = 0;
            if (columns == null && !text.isEmpty()) {
                columns = columns(file, text.get(0));
                first = 1;
            }
            for (int i = first; i < text.size() && !ended; i++) {
                String[] f = columns.fields(text.get(i));
                if (f == null) {
                    continue;
                }
                Row row = row(columns, f);
                if (row == null) {
                    ended = true;
                } else {
                    rows.add(row);
                }
            }
            return Optional.of(new Rows(rows, appended.fromStart()));
        }
    }

    /**
     * Rows appended since the last poll.
     *
     * @param fromStart whether they are the log's first rows: rows seen before belong to a log written anew
     */
    public record Rows(List<Row> rows, boolean fromStart) {
    }
}
