package io.soakrig.harness.process;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a stub process must know but nobody else may read: the run's admin token and, for an auth
 * keeping its sessions in a Redis that wants one, that Redis's password. Both reach the child
 * through its environment only — not its command line (a process listing shows that), not its
 * launch file (which stays in the run directory, where reports are shared).
 *
 * @param adminToken    the token of every stub's admin port
 * @param redisPassword the session store's password, or null when it has none
 */
public record StubSecrets(String adminToken, String redisPassword) {
    /** Names of the variables, as the stub reads them (target-stubs' {@code StubMain}). */
    static final String TOKEN_ENV = "SOAKRIG_ADMIN_TOKEN";
    public static final String REDIS_PASSWORD_ENV = "SOAKRIG_REDIS_PASSWORD";

    public StubSecrets {
        Objects.requireNonNull(adminToken, "adminToken");
    }

    /** Only the admin token: a stub that talks to no Redis with a password. */
    public static StubSecrets of(String adminToken) {
        return new StubSecrets(adminToken, null);
    }

    /** The same token with the password of the stub's session store. */
    public StubSecrets withRedisPassword(String password) {
        return new StubSecrets(adminToken, password);
    }

    /** The environment variables that carry them. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(TOKEN_ENV, adminToken);
        if (redisPassword != null) {
            env.put(REDIS_PASSWORD_ENV, redisPassword);
        }
        return env;
    }

    /** Never the secrets themselves: a record's default would print them into any log that shows it. */
    @Override
    public String toString() {
        return "StubSecrets[adminToken=***" + (redisPassword == null ? "" : ", redisPassword=***") + "]";
    }
}
