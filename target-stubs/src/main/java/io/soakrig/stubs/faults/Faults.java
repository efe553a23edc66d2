package io.soakrig.stubs.faults;

import io.soakrig.profile.FaultSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * A stub's injectable faults, applied to each request in a fixed order: stall, latency, leak,
 * reset, hang, error. Each is a real mechanism, not a canned answer: latency and stalls hold the
 * worker thread (so they exhaust a stub's workers as a slow dependency would), a leak retains real
 * bytes on the heap, a reset closes the socket with RST, a hang leaves the request unanswered on
 * an open connection (holding no thread), so only the client's own timeout ends it.
 *
 * <p>A stall freezes every request that arrives during the first {@code stallFor} of each
 * {@code stallEvery} period until the window closes, as a stop-the-world pause does; the windows
 * are aligned to when the stub started.
 */
public final class Faults {
    private static final double Z_99 = 2.3263478740408408;

    private final FaultSpec configured;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private final RandomGenerator random;
    private final List<byte[]> leaked = new CopyOnWriteArrayList<>();
    private final AtomicLong leakedBytes = new AtomicLong();

    /**
     * @param configured the stub's faults, applied when a request brings none of its own
     * @param nanoClock  monotonic clock (System::nanoTime outside tests)
     * @param random     source of randomness; thread-safe (e.g. a {@code ThreadLocalRandom} adapter)
     */
    public Faults(FaultSpec configured, LongSupplier nanoClock, RandomGenerator random) {
        this.configured = configured;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
        this.random = random;
    }

    /** Applies the configured faults. */
    public FaultOutcome apply() throws InterruptedException {
        return apply(configured);
    }

    /** Applies {@code spec} instead of the configured faults (the per-request override). */
    public FaultOutcome apply(FaultSpec spec) throws InterruptedException {
        long delay = stallDelayNanos(spec, nanoClock.getAsLong()) + latencyNanos(spec);
        if (delay > 0) {
            Thread.sleep(delay / 1_000_000, (int) (delay % 1_000_000));
        }
        if (spec.leakBytes() != null && spec.leakBytes() > 0) {
            byte[] kept = new byte[spec.leakBytes()];
            java.util.Arrays.fill(kept, (byte) 1);
            leaked.add(kept);
            leakedBytes.addAndGet(kept.length);
        }
        if (spec.resetRate() != null && random.nextDouble() < spec.resetRate()) {
            return FaultOutcome.RESET;
        }
        if (spec.hangRate() != null && random.nextDouble() < spec.hangRate()) {
            return FaultOutcome.HANG;
        }
        if (spec.errorRate() != null && random.nextDouble() < spec.errorRate()) {
            return FaultOutcome.error(spec.errorStatus());
        }
        return FaultOutcome.PROCEED;
    }

    /** Whether the configured faults may hold a request (latency or stalls). */
    public boolean mayDelay() {
        return configured.latency() != null || configured.stallEvery() != null;
    }

    /** How long a request arriving at {@code nowNanos} must wait for the current stall to end. */
    long stallDelayNanos(FaultSpec spec, long nowNanos) {
        if (spec.stallEvery() == null) {
            return 0;
        }
        long phase = Math.floorMod(nowNanos - startNanos, spec.stallEvery().toNanos());
        long freeze = spec.stallFor().toNanos();
        return phase < freeze ? freeze - phase : 0;
    }

    /** Added latency: fixed, or log-normal with the given median and 99th percentile. */
    long latencyNanos(FaultSpec spec) {
        Duration median = spec.latency();
        if (median == null) {
            return 0;
        }
        if (spec.latencyP99() == null) {
            return median.toNanos();
        }
        double sigma = Math.log((double) spec.latencyP99().toNanos() / median.toNanos()) / Z_99;
        return Math.round(median.toNanos() * Math.exp(sigma * random.nextGaussian()));
    }

    /** Bytes retained by the leak fault so far. */
    public long leakedBytes() {
        return leakedBytes.get();
    }
}
