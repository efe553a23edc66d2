package io.soakrig.harness.sampling;

import java.util.function.LongSupplier;

/**
 * The time memory samples are stamped with: epoch milliseconds that only move forward. The wall
 * clock is read once, when the clock is made (as its sampler starts); from then on, time is the
 * wall clock's reading then plus the monotonic {@link System#nanoTime()} elapsed since.
 *
 * <p>Why not the wall clock at each reading: it may be stepped while a run goes (an NTP
 * correction in a night's soak). Stepped back, readings stamped from it fall behind ones already
 * taken, and the leak call drops them ({@code LeakCalls.observations}) until the clock catches up;
 * stepped forward, it stretches the series' time and flattens its growth. Stamps from this clock
 * keep increasing, and keep the spacing the readings really had, whatever the wall clock does.
 * Both clocks are slewed alike by NTP, so without a step they agree; after one, the samples
 * differ from what other files of the run stamp with the wall clock (events, latency) by the
 * step's size.
 */
public final class SampleClock {
    private static final long NANOS_PER_MILLI = 1_000_000;

    private final long epochMillisAtStart;
    private final long nanosAtStart;
    private final LongSupplier nanos;

    /**
     * @param wallMillis the wall clock, epoch millis: read once, now
     * @param nanos      a monotonic nanosecond counter, read now and at every stamp
     */
    SampleClock(LongSupplier wallMillis, LongSupplier nanos) {
        this.epochMillisAtStart = wallMillis.getAsLong();
        this.nanosAtStart = nanos.getAsLong();
        this.nanos = nanos;
    }

    /** A clock anchored to the wall clock now. */
    public static SampleClock startingNow() {
        return new SampleClock(System::currentTimeMillis, System::nanoTime);
    }

    /** Now, in epoch millis: the anchor plus the monotonic time elapsed since it. */
    public long epochMillis() {
        return epochMillisAtStart + (nanos.getAsLong() - nanosAtStart) / NANOS_PER_MILLI;
    }
}
