package io.soakrig.analysis.leak;

import io.soakrig.contract.memory.MemorySample;
import io.soakrig.contract.memory.MemorySampleLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The recorded corpus of real memory signals (see {@code bench/scripts/record-leak-corpus.sh} and
 * the corpus's README): one CSV per leak-fixture service run, each holding every signal kind the
 * service exported, read once a second.
 */
final class LeakCorpus {
    static final Path DEFAULT_DIR = Path.of("src/test/resources/leak-corpus");
    private static final double BYTES_PER_MB = 1024.0 * 1024.0;
    private static final Pattern REDIS_NAME = Pattern.compile("redis-(\\d+)-(leak|plateau)-(\\d+)");
    private static final Pattern NAME = Pattern.compile("(g1|par|zgc)-(\\d+)-(leak|native|steady|plateau|step)([0-9.]*)");

    /** The signal kinds a recording holds, by their column. */
    enum Signal {
        USED_HEAP("heap_used_bytes"), HEAP_AFTER_GC("heap_after_gc_bytes"), OLD_GEN_AFTER_GC("live_data_bytes"), RSS("rss_bytes");

        final String column;

        Signal(String column) {
            this.column = column;
        }

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** What a recording is of. */
    enum Shape { LEAK, NATIVE_LEAK, STEADY, PLATEAU, STEP }

    /**
     * One recording.
     *
     * @param name    file name without {@code .csv}
     * @param gc      collector: g1, par, zgc
     * @param heapMb  -Xmx
     * @param shape   what the service did
     * @param rateMBPerMin the leak's nominal rate (0 for the healthy shapes)
     * @param seconds reading times
     * @param series  each signal's readings, MiB
     */
    record Recording(String name, String gc, int heapMb, Shape shape, double rateMBPerMin, double[] seconds,
                     Map<Signal, double[]> series) {
        boolean healthy() {
            return shape == Shape.STEADY || shape == Shape.PLATEAU || shape == Shape.STEP;
        }

        /**
         * This recording from {@code offset} seconds on, its clock restarted there: the same
         * service as if soakrig had started watching it later.
         */
        Recording from(double offset) {
            int first = 0;
            while (first < seconds.length && seconds[first] < offset) {
                first++;
            }
            int start = first;
            double[] shifted = java.util.Arrays.stream(seconds, start, seconds.length).map(t -> t - offset).toArray();
            Map<Signal, double[]> cut = new TreeMap<>();
            series.forEach((k, v) -> cut.put(k, java.util.Arrays.copyOfRange(v, start, v.length)));
            return new Recording(name, gc, heapMb, shape, rateMBPerMin, shifted, cut);
        }

        /** The first {@code limit} seconds of this recording. */
        Recording upTo(double limit) {
            int n = 0;
            while (n < seconds.length && seconds[n] <= limit) {
                n++;
            }
            Map<Signal, double[]> cut = new TreeMap<>();
            int end = n;
            series.forEach((k, v) -> cut.put(k, java.util.Arrays.copyOf(v, end)));
            return new Recording(name, gc, heapMb, shape, rateMBPerMin, java.util.Arrays.copyOf(seconds, n), cut);
        }
    }

    private LeakCorpus() {
    }

    static Path dir() {
        String configured = System.getProperty("soakrig.leakCorpus");
        return configured == null ? DEFAULT_DIR : Path.of(configured);
    }

    static List<Recording> all() {
        try (Stream<Path> files = Files.list(dir())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".csv")).sorted().map(LeakCorpus::read).toList();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * A real Redis's {@code used_memory}, read once a second by the harness's redis-info sampler
     * in a run of {@code soak-profiles/session-store-leak.yaml} or its healthy variant (see
     * {@code bench/scripts/record-redis-corpus.sh} and {@code leak-corpus/redis/README.md}).
     *
     * @param name    file name without {@code .csv}: {@code redis-<maxmemory MiB>-<leak|plateau>-<n>}
     * @param leaking whether the run's sessions had no TTL (they fill Redis to maxmemory)
     * @param samples the run's memory samples of its {@code sessions} target, as the run recorded them
     */
    record RedisRecording(String name, boolean leaking, List<MemorySample> samples) {
        /** Seconds from the first reading to the first at 95 % of maxmemory, or infinity if none. */
        double secondsToFull() {
            long t0 = samples.get(0).epochMillis();
            return samples.stream().filter(s -> s.limitBytes() > 0 && s.metricBytes() >= s.limitBytes() * 95 / 100).findFirst()
                    .map(s -> (s.epochMillis() - t0) / 1000.0).orElse(Double.POSITIVE_INFINITY);
        }
    }

    static List<RedisRecording> redis() {
        try (Stream<Path> files = Files.list(dir().resolve("redis"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".csv")).sorted().map(f -> {
                String name = f.getFileName().toString().replace(".csv", "");
                Matcher m = REDIS_NAME.matcher(name);
                if (!m.matches()) {
                    throw new IllegalArgumentException("Redis corpus file name not understood: " + f);
                }
                try {
                    return new RedisRecording(name, m.group(2).equals("leak"), MemorySampleLog.read(f));
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            }).toList();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static Recording read(Path file) {
        String name = file.getFileName().toString().replace(".csv", "");
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            throw new IllegalArgumentException("corpus file name not understood: " + file);
        }
        Shape shape = switch (m.group(3)) {
            case "leak" -> Shape.LEAK;
            case "native" -> Shape.NATIVE_LEAK;
            case "steady" -> Shape.STEADY;
            case "plateau" -> Shape.PLATEAU;
            default -> Shape.STEP;
        };
        double rate = shape == Shape.LEAK || shape == Shape.NATIVE_LEAK ? Double.parseDouble(m.group(4)) : 0;
        try {
            List<String> lines = Files.readAllLines(file).stream().filter(l -> !l.startsWith("#")).toList();
            List<String> header = List.of(lines.get(0).split(","));
            int rows = lines.size() - 1;
            double[] seconds = new double[rows];
            Map<Signal, double[]> series = new TreeMap<>();
            for (Signal s : Signal.values()) {
                series.put(s, new double[rows]);
            }
            for (int r = 0; r < rows; r++) {
                String[] cells = lines.get(r + 1).split(",");
                seconds[r] = Double.parseDouble(cells[0]);
                for (Signal s : Signal.values()) {
                    series.get(s)[r] = Long.parseLong(cells[header.indexOf(s.column)]) / BYTES_PER_MB;
                }
            }
            return new Recording(name, m.group(1), Integer.parseInt(m.group(2)), shape, rate, seconds, series);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
