package io.soakrig.analysis.events;

import java.util.Map;

/**
 * Something that happened to a target process during a run: it started, exited (and whether the
 * memory limit killed it), a restart was scheduled, a configuration was pushed to it, or its
 * overload manager shed load. One JSON line each in {@code events.jsonl}.
 *
 * @param epochMillis when
 * @param target      the profile's target name
 * @param instance    which instance of the target, from 0
 * @param type        what happened
 * @param detail      figures that go with it (pid, exit code, enforcing mechanism, delay…)
 */
public record RunEvent(long epochMillis, String target, int instance, Type type, Map<String, Object> detail) {
    public enum Type {
        /** A process of the target is up and serving. */
        STARTED,
        /** A process exited on its own (crash, error exit). */
        EXITED,
        /** A process was killed for exceeding its memory limit. */
        OOM_KILLED,
        /** A restart was scheduled after the back-off delay in {@code detail.delayMillis}. */
        RESTART_SCHEDULED,
        /** A (re)start did not come up. */
        START_FAILED,
        /** An incident's configuration was pushed to the process ({@code detail.filters}, {@code detail.status}). */
        CONFIG_PUSHED,
        /** A perimeter's overload manager began refusing requests with 503. */
        SHEDDING_STARTED,
        /** It stopped, having refused {@code detail.rejected} requests in the episode. */
        SHEDDING_STOPPED
    }
}
