package io.soakrig.profile;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What the supervisor does when a stub process exits, as a Kubernetes pod's {@code restartPolicy}. */
public enum RestartPolicy implements Keyword {
    /** Restart after every exit, with the CrashLoopBackOff delay. */
    ALWAYS,
    /** Leave the process down. */
    NEVER;

    @JsonValue
    @Override
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    @JsonCreator
    public static RestartPolicy of(String id) {
        return Keyword.of(RestartPolicy.class, id);
    }
}
