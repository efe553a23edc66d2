package io.soakrig.profile;

/** What the supervisor does when a stub process exits, as a Kubernetes pod's {@code restartPolicy}. */
public enum RestartPolicy implements Keyword {
    /** Restart after every exit, with the CrashLoopBackOff delay. */
    ALWAYS,
    /** Leave the process down. */
    NEVER
}
