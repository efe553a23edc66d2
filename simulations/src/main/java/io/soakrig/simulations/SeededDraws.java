package io.soakrig.simulations;

import io.soakrig.contract.workers.WorkerShare;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Random draws a simulation can repeat: each stream seeded from the run's seed and its name, so
 * that a canary's two arms — each building its flow afresh — draw the same users in the same order,
 * and a run played again draws what it drew before. As one of several workers, each share draws a
 * stream of its own ({@link WorkerShare#seed}), so that the shares do not all replay one sequence.
 *
 * <p>Gatling's own {@code shuffle()} and {@code random()} feeders draw from an unseeded generator:
 * two arms fed that way see different users, and a difference between the arms could be the users'.
 */
final class SeededDraws {
    /** The run's seed: soakrig's own endpoint draws and every named stream start from it. */
    static final long RUN_SEED = 0x50a4_2022L;

    private final Optional<WorkerShare> share;

    SeededDraws(Optional<WorkerShare> share) {
        this.share = share;
    }

    /** The seed of draws made from {@code base}: itself for the single generator, disjoint per share for workers. */
    long seed(long base) {
        return share.map(s -> s.seed(base)).orElse(base);
    }

    /** A new generator of stream {@code name}: every call with the same name draws the same sequence. */
    Random random(String name) {
        return new Random(seed(RUN_SEED ^ (long) name.hashCode() * 0x9E37_79B9_7F4A_7C15L));
    }

    /**
     * {@code records} as an endless feeder: all of them in an order drawn from stream {@code name},
     * then all again in a new order, and so on; every call with the same name feeds the same sequence.
     */
    <T> Iterator<T> shuffled(String name, List<T> records) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("feeder '" + name + "' has no records to shuffle");
        }
        Random random = random(name);
        List<T> order = new ArrayList<>(records);
        return new Iterator<>() {
            private int next = order.size();

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public synchronized T next() {
                if (next == order.size()) {
                    Collections.shuffle(order, random);
                    next = 0;
                }
                return order.get(next++);
            }
        };
    }
}
