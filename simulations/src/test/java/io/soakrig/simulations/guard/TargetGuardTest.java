package io.soakrig.simulations.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.soakrig.contract.SimulationLaunch;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the guard of a user's simulation lets through: the traffic targets' addresses and ports,
 * however the JDK spells the address, and nothing else; a refusal is written down and stops the JVM.
 */
class TargetGuardTest {
    @TempDir
    Path run;

    private final List<Integer> stops = new ArrayList<>();

    private TargetGuard guard() {
        SimulationLaunch launch = new SimulationLaunch(run.resolve("profile.yaml"), run,
                List.of(List.of(URI.create("http://127.0.0.1:8080"), URI.create("http://127.0.0.1:8081")),
                        List.of(URI.create("http://localhost:9090"))),
                Optional.empty(), Optional.empty(), "localhost=127.0.0.1,::1", "acme.Own", Optional.empty());
        return new TargetGuard(launch, stops::add);
    }

    @Test
    void everyInstanceOfEveryTargetMayBeConnectedToAtItsPinnedAddresses() {
        TargetGuard guard = guard();

        guard.checkConnect("127.0.0.1", 8080);
        guard.checkConnect("127.0.0.1", 8081);
        guard.checkConnect("127.0.0.1", 9090);
        guard.checkConnect("0:0:0:0:0:0:0:1", 9090);
        guard.checkConnect("::1", 9090);
        guard.checkConnect("localhost", -1);
        guard.checkConnect("127.0.0.1", SimulationLaunch.DEAD_PROXY_PORT);

        assertThat(stops).isEmpty();
        assertThat(run.resolve("refused.txt")).doesNotExist();
    }

    @Test
    void anotherLoopbackAddressIsRefusedWrittenDownAndStopsTheJvm() throws Exception {
        TargetGuard guard = guard();

        assertThatThrownBy(() -> guard.checkConnect("127.0.0.2", 8080)).isInstanceOf(SecurityException.class);

        assertThat(stops).containsExactly(TargetGuard.REFUSED_EXIT);
        assertThat(Files.readString(run.resolve("refused.txt"))).isEqualTo("tried to connect to 127.0.0.2:8080, which is not a traffic"
                + " target of this run (0:0:0:0:0:0:0:1:9090, 127.0.0.1:8080, 127.0.0.1:8081, 127.0.0.1:9, 127.0.0.1:9090):"
                + " refused before any packet was sent" + System.lineSeparator());
    }

    @Test
    void aTargetsAddressAtAnotherPortIsRefused() {
        assertThatThrownBy(() -> guard().checkConnect("127.0.0.1", 5432)).isInstanceOf(SecurityException.class)
                .hasMessageContaining("tried to connect to 127.0.0.1:5432");
        assertThat(stops).containsExactly(TargetGuard.REFUSED_EXIT);
    }

    @Test
    void anIpv6AddressIsNamedInBrackets() {
        assertThatThrownBy(() -> guard().checkConnect("2001:db8:0:0:0:0:0:1", 443)).hasMessageContaining("connect to [2001:db8:0:0:0:0:0:1]:443");
    }

    @Test
    void aHostNameNoTargetHasIsNeverLookedUp() throws Exception {
        assertThatThrownBy(() -> guard().checkConnect("api.example.com", -1)).isInstanceOf(SecurityException.class);

        assertThat(stops).containsExactly(TargetGuard.REFUSED_EXIT);
        assertThat(Files.readString(run.resolve("refused.txt"))).startsWith("tried to look up the host name 'api.example.com', which is not");
    }

    @Test
    void aConnectionByNameIsRefusedEvenToAPinnedName() {
        assertThatThrownBy(() -> guard().checkConnect("localhost", 9090)).isInstanceOf(SecurityException.class);
    }

    @Test
    void theGuardCannotBeReplaced() {
        assertThatThrownBy(() -> guard().checkPermission(new RuntimePermission("setSecurityManager")))
                .isInstanceOf(SecurityException.class);
        guard().checkPermission(new RuntimePermission("exitVM.0"));
        assertThat(stops).isEmpty();
    }
}
