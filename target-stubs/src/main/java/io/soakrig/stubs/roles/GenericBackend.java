package io.soakrig.stubs.roles;

import io.soakrig.stubs.service.Behaviour;
import io.soakrig.stubs.service.Reply;
import io.soakrig.stubs.service.Request;

/** A healthy backend with no dependencies: every path answers 200 with the configured payload. */
final class GenericBackend implements Behaviour {
    private final int payloadBytes;

    GenericBackend(int payloadBytes) {
        this.payloadBytes = payloadBytes;
    }

    @Override
    public Reply handle(Request request) {
        return Reply.ok(payloadBytes);
    }

    @Override
    public boolean blocks() {
        return false;
    }
}
