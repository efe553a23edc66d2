package io.soakrig.stubs.perimeter;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.profile.Overload;
import org.junit.jupiter.api.Test;

class ConnectionStateTest {
    @Test
    void heldFromAllocationUntilReleasedOnce() {
        OverloadManager overload = new OverloadManager(new Overload(16L << 20, 0.92, 0.95, 300_000));

        ConnectionState a = ConnectionState.hold(overload);
        ConnectionState b = ConnectionState.hold(overload);
        assertThat(overload.heldBytes()).isEqualTo(600_000);

        a.release();
        a.release();
        assertThat(overload.heldBytes()).as("a second release frees nothing more").isEqualTo(300_000);
        b.release();
        assertThat(overload.heldBytes()).isZero();
    }
}
