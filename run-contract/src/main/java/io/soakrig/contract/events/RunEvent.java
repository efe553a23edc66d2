package io.soakrig.contract.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Something that happened to a target process during a run, one JSON line each in
 * {@code events.jsonl}: {@code {"epochMillis":…,"target":…,"instance":…,"type":"STARTED","detail":{…}}}.
 * What happened is the {@link EventDetail}, a sealed family of typed records: the {@code type}
 * field names which one the {@code detail} object is, so readers get typed figures instead of
 * casting values out of a map, and files written before the types existed read the same.
 *
 * @param epochMillis when
 * @param target      the profile's target name
 * @param instance    which instance of the target, from 0
 * @param detail      what happened, with its figures
 */
public record RunEvent(long epochMillis, String target, int instance,
                       @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXTERNAL_PROPERTY, property = "type")
                       EventDetail detail) {

    public RunEvent {
        if (target == null || detail == null) {
            throw new IllegalArgumentException("an event names its target and what happened");
        }
    }

    /** What happened, as a name (the JSON {@code type}). */
    @JsonIgnore
    public Type type() {
        return detail.type();
    }

    /** The kinds of event, by their name in {@code events.jsonl}. */
    public enum Type {
        /** A process of the target is up and serving. */
        STARTED,
        /** A process exited on its own (crash, error exit). */
        EXITED,
        /** A process was killed for exceeding its memory limit. */
        OOM_KILLED,
        /** A restart was scheduled after a back-off delay. */
        RESTART_SCHEDULED,
        /** A (re)start did not come up. */
        START_FAILED,
        /** An incident's configuration was pushed to the process. */
        CONFIG_PUSHED,
        /** A perimeter's overload manager began refusing requests with 503. */
        SHEDDING_STARTED,
        /** It stopped refusing. */
        SHEDDING_STOPPED,
        /** A Prometheus memory source chose the series it reads. */
        MEMORY_SOURCE_CHOSEN
    }
}
