package io.soakrig.contract.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;

/**
 * What a {@link RunEvent} says happened, with the figures that go with it. Each kind is its own
 * record; the JSON names are the {@link RunEvent.Type} names (the {@code type} field of the line).
 * Absent figures are null and left out of the line; figures a reader does not know are ignored,
 * so a newer writer's additions do not make an older reader drop the event.
 */
@JsonSubTypes({
        @JsonSubTypes.Type(value = EventDetail.Started.class, name = "STARTED"),
        @JsonSubTypes.Type(value = EventDetail.Exited.class, name = "EXITED"),
        @JsonSubTypes.Type(value = EventDetail.OomKilled.class, name = "OOM_KILLED"),
        @JsonSubTypes.Type(value = EventDetail.RestartScheduled.class, name = "RESTART_SCHEDULED"),
        @JsonSubTypes.Type(value = EventDetail.StartFailed.class, name = "START_FAILED"),
        @JsonSubTypes.Type(value = EventDetail.ConfigPushed.class, name = "CONFIG_PUSHED"),
        @JsonSubTypes.Type(value = EventDetail.SheddingStarted.class, name = "SHEDDING_STARTED"),
        @JsonSubTypes.Type(value = EventDetail.SheddingStopped.class, name = "SHEDDING_STOPPED")
})
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface EventDetail {
    /** Which kind this is. */
    @JsonIgnore
    RunEvent.Type type();

    /**
     * A process of the target is up and serving.
     *
     * @param pid             its process id
     * @param port            its service port
     * @param limitBytes      its memory limit, -1 without one
     * @param limitEnforcedBy what enforces the limit ({@code cgroup-v1}, {@code rss-watchdog}, …; {@code none})
     * @param containerId     the engine's id of the container this start created, null for a process
     *                        soakrig started itself; an optional figure, so the log stays version 1
     */
    record Started(Long pid, Integer port, Long limitBytes, String limitEnforcedBy, String containerId) implements EventDetail {
        /** A process soakrig started itself (no container). */
        public Started(Long pid, Integer port, Long limitBytes, String limitEnforcedBy) {
            this(pid, port, limitBytes, limitEnforcedBy, null);
        }

        @Override
        public RunEvent.Type type() {
            return RunEvent.Type.STARTED;
        }
    }

    /**
     * A process exited on its own (crash, error exit).
     *
     * @param pid          its process id
     * @param exitCode     its exit status
     * @param ranForMillis how long it ran
     * @param killedBy     the mechanism that killed it, null when nothing did
     * @param peakBytes    the most memory it held, null without a limit
     * @param limitBytes   its memory limit, null without one
     */
    record Exited(Long pid, Integer exitCode, Long ranForMillis, String killedBy, Long peakBytes, Long limitBytes)
            implements EventDetail {
        @Override
        public RunEvent.Type type() {
            return RunEvent.Type.EXITED;
        }
    }

    /** A process was killed for exceeding its memory limit; the figures of {@link Exited}. */
    record OomKilled(Long pid, Integer exitCode, Long ranForMillis, String killedBy, Long peakBytes, Long limitBytes)
            implements EventDetail {
        @Override
        public RunEvent.Type type() {
            return RunEvent.Type.OOM_KILLED;
        }
    }

    /**
     * A restart was scheduled.
     *
     * @param delayMillis the back-off before it
     * @param restart     which start of the instance this will be (the first start is 1)
     */
    record RestartScheduled(Long delayMillis, Integer restart) implements EventDetail {
        @Override
        public RunEvent.Type type() {
            return RunEvent.Type.RESTART_SCHEDULED;
        }
    }

    /**
     * A (re)start did not come up.
     *
     * @param reason why
     */
    record StartFailed(String reason) implements EventDetail {
        @Override
        public RunEvent.Type type() {
            return RunEvent.Type.START_FAILED;
        }
    }

    /**
     * An incident's configuration was pushed to the process.
     *
     * @param filters the filter chain pushed, comma-separated
     * @param status  the admin endpoint's HTTP status, null when it did not answer
     * @param error   why it did not answer, null when it did
     */
    record ConfigPushed(String filters, Integer status, String error) implements EventDetail {
        @Override
        public RunEvent.Type type() {
            return RunEvent.Type.CONFIG_PUSHED;
        }
    }

    /** A perimeter's overload manager began refusing requests with 503. */
    record SheddingStarted() implements EventDetail {
        @Override
        public RunEvent.Type type() {
            return RunEvent.Type.SHEDDING_STARTED;
        }
    }

    /**
     * The overload manager stopped refusing.
     *
     * @param rejected requests it refused in the episode
     */
    record SheddingStopped(long rejected) implements EventDetail {
        @Override
        public RunEvent.Type type() {
            return RunEvent.Type.SHEDDING_STOPPED;
        }
    }
}
