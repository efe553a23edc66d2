package io.soakrig.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PinnedHostsTest {
    private static InetAddress address(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void theMappingSurvivesTheTripToTheSimulationJvm() throws Exception {
        PinnedHosts pinned = new PinnedHosts(Map.of("API.Example", List.of(address("127.0.0.2"), address("::1"))));

        PinnedHosts read = PinnedHosts.decode(pinned.encode());

        assertThat(read).isEqualTo(pinned);
        assertThat(read.aliases()).containsExactly(Map.entry("api.example", List.of("127.0.0.2", "0:0:0:0:0:0:0:1")));
        assertThat(PinnedHosts.decode("")).isEqualTo(PinnedHosts.NONE);
        assertThat(PinnedHosts.decode(null)).isEqualTo(PinnedHosts.NONE);
    }

    @Test
    void aUrlIsPinnedToTheFirstCheckedAddressWithItsPathAndQuery() throws Exception {
        PinnedHosts pinned = new PinnedHosts(Map.of("metrics.example", List.of(address("127.0.0.9")), "::1", List.of(address("::1"))));

        assertThat(pinned.pin(URI.create("http://Metrics.Example:9100/metrics?x=1")))
                .isEqualTo(URI.create("http://127.0.0.9:9100/metrics?x=1"));
        assertThat(pinned.address(URI.create("http://metrics.example/"))).isEqualTo(new InetSocketAddress(address("127.0.0.9"), 80));
        assertThat(pinned.pin(URI.create("http://[::1]:8080/"))).isEqualTo(URI.create("http://[0:0:0:0:0:0:0:1]:8080/"));
    }

    @Test
    void aUrlPinnedWithItsPortNamesPort80WhereTheUrlNamesNone() throws Exception {
        PinnedHosts pinned = new PinnedHosts(Map.of("upstream.example", List.of(address("127.0.0.7"))));

        assertThat(pinned.pinWithPort(URI.create("http://upstream.example/items"))).isEqualTo(URI.create("http://127.0.0.7:80/items"));
        assertThat(pinned.pinWithPort(URI.create("http://upstream.example:8081"))).isEqualTo(URI.create("http://127.0.0.7:8081"));
        assertThat(pinned.pin(URI.create("http://upstream.example/items"))).isEqualTo(URI.create("http://127.0.0.7/items"));
    }

    @Test
    void aHostThatWasNotCheckedIsNeverResolved() {
        assertThatThrownBy(() -> PinnedHosts.NONE.pin(URI.create("http://elsewhere.example/")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'elsewhere.example' was not checked");
    }

    @Test
    void onlyAddressLiteralsAreReadBack() {
        assertThatThrownBy(() -> PinnedHosts.decode("api=other.example")).hasMessageContaining("'other.example' is not an IP address");
        assertThatThrownBy(() -> PinnedHosts.decode("api")).hasMessageContaining("expected host=address");
    }

    @Test
    void namesAreToldFromAddressLiterals() {
        assertThat(PinnedHosts.isName("localhost")).isTrue();
        assertThat(PinnedHosts.isName("127.1")).as("not a dotted quad: Gatling and the JDK would look it up").isTrue();
        assertThat(PinnedHosts.isName("127.0.0.1")).isFalse();
        assertThat(PinnedHosts.isName("[::ffff:10.0.0.1]")).isFalse();
    }
}
