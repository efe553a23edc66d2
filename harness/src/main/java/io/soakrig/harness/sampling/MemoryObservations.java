package io.soakrig.harness.sampling;

import io.soakrig.analysis.verdict.LeakCalls;
import io.soakrig.contract.memory.MemorySample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the live leak judgement needs of each target's memory samples, in memory of a fixed bound
 * however long the run goes: the memory-sample log on disk keeps every sample, and the verdict at
 * the end is formed from it.
 *
 * <p>The leak detector judges a series' observations only ({@link LeakCalls#observations}: a
 * reading that repeats the one before adds nothing), and of the last reading only its limit. So
 * each target keeps its observations, as primitives, and its latest sample; {@link #judged()} gives
 * back a series whose calls are the same as the calls on every sample taken — exactly, while a
 * target has at most {@link #DEFAULT_CAP} observations (hours of one-second samples of a
 * changing figure, many more of a heap-after-GC gauge, which changes only at collections).
 *
 * <p>Past the cap the observations after the first (which dates the series and its warm-up) are
 * halved, each consecutive pair leaving its lower reading: the floor the detector judges is made
 * of such lows, so the trend is kept at half the resolution, and the cap holds for ever. The
 * live calls are then an approximation of the full series'; the end-of-run verdict is not.
 *
 * <p>Each target's arrays are allocated at the cap with its first sample, not grown towards it:
 * grown by doubling, they took hours of a soak to reach the cap, and the harness's live heap crept
 * up all that time (+0.46 MiB/hour in the one-hour self-soak of session 9, all of it these arrays),
 * which a harness judging its targets' growth should not do itself. The price is the whole bound,
 * about 400 KiB a target, from the start.
 */
public final class MemoryObservations {
    /** Observations kept per target before halving: 16,384, about 400 KiB. */
    public static final int DEFAULT_CAP = 1 << 14;

    private final int cap;
    private final Map<String, Series> byTarget = new LinkedHashMap<>();

    public MemoryObservations() {
        this(DEFAULT_CAP);
    }

    /** @param cap observations kept per target before halving, >= 4 */
    public MemoryObservations(int cap) {
        if (cap < 4) {
            throw new IllegalArgumentException("cap must be at least 4, was " + cap);
        }
        this.cap = cap;
    }

    /** Takes one sample, in the order taken (no computeIfAbsent: its lambda would allocate per sample). */
    public synchronized void add(MemorySample sample) {
        Series series = byTarget.get(sample.target());
        if (series == null) {
            series = new Series();
            byTarget.put(sample.target(), series);
        }
        series.add(sample);
    }

    /**
     * A series with the same leak calls as every sample taken so far (see the class comment for
     * past the cap), grouped by target, each target's in the order taken.
     */
    public synchronized List<MemorySample> judged() {
        List<MemorySample> all = new ArrayList<>();
        byTarget.values().forEach(s -> s.judged(all));
        return all;
    }

    /** Observations held for {@code target} now; 0 for a target never sampled. */
    public synchronized int retained(String target) {
        Series s = byTarget.get(target);
        return s == null ? 0 : s.size;
    }

    /** One target's observations: time, judged figure, collection count and the figure's kind. */
    private final class Series {
        private final long[] millis = new long[cap];
        private final long[] bytes = new long[cap];
        private final long[] gcCounts = new long[cap];
        private final byte[] signals = new byte[cap];
        private int size;
        private MemorySample latest;
        private boolean latestKept;

        void add(MemorySample s) {
            latestKept = !LeakCalls.repeats(s, latest);
            latest = s;
            if (!latestKept) {
                return;
            }
            if (size == cap) {
                halve();
            }
            millis[size] = s.epochMillis();
            bytes[size] = s.gcAwareBytes();
            gcCounts[size] = s.gcCount();
            signals[size] = (byte) s.gcAwareSignal().ordinal();
            size++;
        }

        /** Keeps the first observation, then the lower of each consecutive pair (the later of a tie's). */
        private void halve() {
            int kept = 1;
            for (int i = 1; i < size; i += 2) {
                int low = i + 1 < size && bytes[i + 1] <= bytes[i] ? i + 1 : i;
                millis[kept] = millis[low];
                bytes[kept] = bytes[low];
                gcCounts[kept] = gcCounts[low];
                signals[kept] = signals[low];
                kept++;
            }
            size = kept;
        }

        void judged(List<MemorySample> into) {
            int rebuilt = latestKept ? size - 1 : size;
            for (int i = 0; i < rebuilt; i++) {
                into.add(sample(i));
            }
            into.add(latest);
        }

        /** An observation as a sample carrying the same judged figure, of the same kind, and count. */
        private MemorySample sample(int i) {
            MemorySample.Signal signal = MemorySample.Signal.values()[signals[i]];
            long b = bytes[i];
            return new MemorySample(millis[i], latest.target(), latest.source(),
                    signal == MemorySample.Signal.HEAP_USED ? b : -1,
                    signal == MemorySample.Signal.HEAP_AFTER_GC ? b : -1,
                    signal == MemorySample.Signal.RSS ? b : -1,
                    gcCounts[i], -1,
                    signal == MemorySample.Signal.METRIC ? b : -1);
        }
    }
}
