package io.soakrig.bench;

import io.soakrig.contract.latency.LatencyLogMerge;
import io.soakrig.contract.latency.LatencyTag;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The coordinator's cost per worker: the time {@link LatencyLogMerge} takes to merge one 1 s
 * interval of {@code workers} workers' latency logs — read the bytes each log gained, decode every
 * tagged histogram, add them per tag, encode and write the sums — which is what the coordinator
 * of {@code run --workers N} does once a second. Divided into a second it says how many workers
 * one coordinator can merge at 1 s intervals: the design's scale on paper.
 *
 * <p>Each worker's log is realistic: 3 endpoints, each with its ok, failed ({@code .ko}) and
 * attempt ({@code .try}) series plus the untagged total, per interval; each worker plays 200
 * requests/s (a 64-worker run is then 12,800 requests/s, beyond one generator's ~7,900), latencies
 * log-normal around 2 ms with a tail to seconds, 1 % failed, 5 % retried. The logs are written
 * once; each invocation merges all their {@value #INTERVALS} intervals from the first byte.
 */
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class WorkerMergeBenchmark {
    static final int INTERVALS = 30;
    private static final long START = 1_700_000_000_000L;
    private static final long INTERVAL_MILLIS = 1000;
    private static final List<String> ENDPOINTS = List.of("catalog", "profile", "search");
    private static final int REQUESTS_PER_SECOND = 200;

    @Param({"2", "4", "8", "16", "32", "64"})
    public int workers;

    private Path dir;
    private List<Path> logs;
    private Set<Integer> all;

    @Setup(Level.Trial)
    public void writeLogs() throws IOException {
        dir = Files.createTempDirectory("soakrig-merge-bench");
        logs = new ArrayList<>();
        all = new java.util.HashSet<>();
        for (int w = 0; w < workers; w++) {
            Path log = dir.resolve("worker-" + w + ".hlog");
            writeWorkerLog(log, new Random(w));
            logs.add(log);
            all.add(w);
        }
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** One interval of every worker merged; the op is one interval, so the score is the time per 1 s interval. */
    @Benchmark
    @OperationsPerInvocation(INTERVALS)
    public long mergeOneInterval() throws IOException {
        try (LatencyLogMerge merge = LatencyLogMerge.create(dir.resolve("merged.hlog"), logs, START, INTERVAL_MILLIS)) {
            merge.poll(all);
            merge.finish();
            return merge.intervalsWritten();
        }
    }

    private static void writeWorkerLog(Path file, Random random) throws IOException {
        try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.US_ASCII)) {
            HistogramLogWriter writer = new HistogramLogWriter(out);
            writer.outputLogFormatVersion();
            writer.setBaseTime(START);
            writer.outputBaseTime(START);
            writer.outputStartTime(START);
            writer.outputLegend();
            for (int k = 0; k < INTERVALS; k++) {
                long from = START + k * INTERVAL_MILLIS;
                Histogram total = new Histogram(3);
                for (String endpoint : ENDPOINTS) {
                    Histogram ok = new Histogram(3);
                    Histogram failed = new Histogram(3);
                    Histogram attempts = new Histogram(3);
                    for (int i = 0; i < REQUESTS_PER_SECOND / ENDPOINTS.size(); i++) {
                        long nanos = latencyNanos(random);
                        (random.nextDouble() < 0.01 ? failed : ok).recordValue(nanos);
                        attempts.recordValue(random.nextDouble() < 0.05 ? latencyNanos(random) / 2 : nanos);
                    }
                    write(writer, ok, new LatencyTag("", endpoint, LatencyTag.Kind.OK).toString(), from);
                    write(writer, failed, new LatencyTag("", endpoint, LatencyTag.Kind.FAILED).toString(), from);
                    write(writer, attempts, new LatencyTag("", endpoint, LatencyTag.Kind.ATTEMPT).toString(), from);
                    total.add(ok);
                    total.add(failed);
                }
                write(writer, total, null, from);
            }
        }
    }

    /** Log-normal around 2 ms (sigma 0.8): most requests a few ms, a tail into hundreds of ms and seconds. */
    private static long latencyNanos(Random random) {
        return Math.max(50_000, (long) (2_000_000 * Math.exp(0.8 * random.nextGaussian())));
    }

    private static void write(HistogramLogWriter writer, Histogram h, String tag, long from) {
        h.setTag(tag);
        h.setStartTimeStamp(from);
        h.setEndTimeStamp(from + INTERVAL_MILLIS);
        writer.outputIntervalHistogram(h);
    }
}
