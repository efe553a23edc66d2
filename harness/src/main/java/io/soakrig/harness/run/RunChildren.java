package io.soakrig.harness.run;

import io.soakrig.harness.container.ContainerTargets;
import io.soakrig.harness.process.ChildProcess;
import io.soakrig.harness.supervision.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The processes a run has started and not yet stopped. Why one list: the run's end and its
 * shutdown hook (an interrupt) must both stop every child, whichever gets there first, and in
 * the reverse order of their start — the load generator before the stubs it calls, so that the
 * stubs' last moments are not counted as errors of theirs.
 */
final class RunChildren {
    /** Time a child gets to stop on its own before it is killed. */
    static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final List<AutoCloseable> children = new ArrayList<>();
    private final Consumer<String> trouble;

    /** @param trouble where a child that could not be stopped is reported */
    RunChildren(Consumer<String> trouble) {
        this.trouble = trouble;
    }

    synchronized void add(Topology stubs) {
        children.add(stubs);
    }

    synchronized void add(ContainerTargets containers) {
        children.add(containers);
    }

    /** Workers of a run: an interrupted run stops them and removes what was created for them (a Kubernetes Job). */
    synchronized void add(io.soakrig.harness.workers.WorkerFleet.Launched workers) {
        children.add(workers::abort);
    }

    synchronized void add(ChildProcess child) {
        children.add(() -> child.stop(STOP_GRACE));
    }

    /** Stops {@code stubs} now, before the run ends (an experiment cell's own stubs). */
    synchronized void stop(Topology stubs) {
        children.remove(stubs);
        stubs.close();
    }

    /** Removes {@code containers} now, before the run ends (an experiment cell's own containers). */
    synchronized void stop(ContainerTargets containers) {
        children.remove(containers);
        containers.close();
    }

    /** Stops every child still running, the last started first. */
    synchronized void stopAll() {
        for (int i = children.size() - 1; i >= 0; i--) {
            try {
                children.get(i).close();
            } catch (Exception e) {
                trouble.accept("[soakrig] trouble stopping a child: " + e);
            }
        }
        children.clear();
    }
}
