package io.soakrig.stubs.roles;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.soakrig.stubs.service.Behaviour;
import io.soakrig.stubs.service.Reply;
import io.soakrig.stubs.service.Request;

/**
 * Authentication: every login and every token validation looks the user up in the metadata
 * database. When the database cannot answer, auth cannot either: it answers 503, counted as an
 * auth error.
 */
final class Auth implements Behaviour {
    private final UpstreamClient database;
    private final int payloadBytes;
    private final Counter errors;

    Auth(UpstreamClient database, int payloadBytes, PrometheusRegistry registry) {
        this.database = database;
        this.payloadBytes = payloadBytes;
        this.errors = Counter.builder().name("soakrig_auth_errors")
                .help("Logins and validations that failed because the user lookup failed").register(registry);
    }

    @Override
    public Reply handle(Request request) throws InterruptedException {
        int status = database.get("/users/" + request.user() + "?bytes=128");
        if (status != 200) {
            errors.inc();
            return Reply.unavailable("user lookup failed (" + status + ")");
        }
        return Reply.ok(payloadBytes);
    }
}
