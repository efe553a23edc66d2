package io.soakrig.contract.workers;

/**
 * One worker's part of a run spread over {@code count} load generators: share {@code index}
 * plays {@code 1/count} of every arrival rate of the plan (so the shares sum to the plan) and
 * draws from a seed of its own. It starts at the instant the coordinator gives every worker once
 * all their generators are ready ({@link StartGate}) — so that interval {@code k} of every
 * worker's latency log covers the same second and the logs add up exactly. The start is not part
 * of the share: a generator is launched with its share and boots before anyone knows the start.
 *
 * @param index 0..count-1; Kubernetes' {@code JOB_COMPLETION_INDEX}
 * @param count 1..{@value #MAX_WORKERS}
 */
public record WorkerShare(int index, int count) {
    /** More workers than one coordinator is shown to merge at 1 s intervals (see bench/). */
    public static final int MAX_WORKERS = 64;
    /**
     * How long after the shared start a worker's first arrival may come and still be on time: its
     * generator's own start-up (Gatling's engine starts injecting about a second after it here).
     * A worker later than that logs the seconds it missed as a shortfall.
     */
    public static final java.time.Duration START_GRACE = java.time.Duration.ofSeconds(3);
    /** Streams of different shares are this far apart in seed space. */
    private static final long SEED_STRIDE = 0x9E37_79B9_7F4A_7C15L;

    public WorkerShare {
        if (count < 1 || count > MAX_WORKERS) {
            throw new IllegalArgumentException("a run has 1.." + MAX_WORKERS + " workers, was " + count);
        }
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("worker index must be 0.." + (count - 1) + ", was " + index);
        }
    }

    /** The fraction of every arrival rate this share plays. */
    public double fraction() {
        return 1.0 / count;
    }

    /** The seed of this share's draws from {@code seed}: each share its own stream, share 0 of 1 the single generator's. */
    public long seed(long seed) {
        return seed + index * SEED_STRIDE;
    }

    /** {@code worker i/n}, as messages name a worker. */
    @Override
    public String toString() {
        return "worker " + index + "/" + count;
    }

    /** Encodes as {@code index/count}, the form a system property carries. */
    public String encode() {
        return index + "/" + count;
    }

    /** Reads {@link #encode()}'s form. */
    public static WorkerShare decode(String text) {
        try {
            int slash = text.indexOf('/');
            return new WorkerShare(Integer.parseInt(text.substring(0, slash)), Integer.parseInt(text.substring(slash + 1)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("a worker share is index/count, was '" + text + "'", e);
        }
    }
}
