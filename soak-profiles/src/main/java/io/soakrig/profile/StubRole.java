package io.soakrig.profile;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The kinds of target stub a profile can ask the harness to launch. The name is what the stub
 * process is started with ({@code soakrig stub ROLE}), so it is shared vocabulary between the
 * profile and the target-stubs module, which otherwise never meet at compile time.
 */
public enum StubRole {
    /** A generic HTTP backend answering every path. */
    BACKEND;

    /** The role as written in profiles and on the stub's command line. */
    @JsonValue
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
