package io.soakrig.bench;

import io.soakrig.contract.RunLayout;
import io.soakrig.contract.latency.IntervalLatencyLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The client-side recording path every simulated request goes through.
 *
 * <p>{@code record}: one latency into the per-tag {@link org.HdrHistogram.Recorder} (tag lookup
 * included), on the Gatling thread that completed the request; it must be a small fraction of a
 * request's cost so that recording does not slow the generator it measures. Run with 1 and 2
 * threads to see contention on the shared recorder.
 *
 * <p>{@code intervalSwap}: what the reporting thread does once per second: swap the interval
 * histogram of each of 4 tags holding 1000 values, encode and write it. It runs off the request
 * path; this says how much of a second it costs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LatencyRecordingBenchmark {
    private static final String[] TAGS = {"catalog", "profile", "search", "stream"};

    private Path dir;
    private IntervalLatencyLog log;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("soakrig-bench");
        log = IntervalLatencyLog.start(RunLayout.of(dir).latencyLog(), 1000);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        log.close();
        Files.deleteIfExists(RunLayout.of(dir).latencyLog());
        Files.deleteIfExists(dir);
    }

    @Benchmark
    @Threads(1)
    public void record() {
        log.record("catalog", 1_000_000 + ThreadLocalRandom.current().nextInt(50_000_000));
    }

    @Benchmark
    @Threads(2)
    public void recordContended() {
        log.record("catalog", 1_000_000 + ThreadLocalRandom.current().nextInt(50_000_000));
    }

    /** State for the swap: each invocation starts with 4 tags × 1000 fresh values. */
    @State(Scope.Thread)
    public static class FilledInterval {
        @Setup(Level.Invocation)
        public void fill(LatencyRecordingBenchmark bench) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (String tag : TAGS) {
                for (int i = 0; i < 1000; i++) {
                    bench.log.record(tag, 1_000_000 + random.nextInt(50_000_000));
                }
            }
        }
    }

    @Benchmark
    @Threads(1)
    public void intervalSwap(FilledInterval filled) {
        log.writeInterval();
    }
}
