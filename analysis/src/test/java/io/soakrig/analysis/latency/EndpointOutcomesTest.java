package io.soakrig.analysis.latency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The logins of a real session-store-leak run (its latency log's login series, kept as recorded):
 * they succeed until Redis is full, then fail while the clients' retries multiply the attempts.
 */
class EndpointOutcomesTest {
    @Test
    void aRecordedSessionStoreLeakShowsLoginsFallingAndRetriesRising() throws Exception {
        EndpointOutcomes outcomes = new EndpointOutcomes();
        LatencyRecording.read(Path.of(getClass().getResource("session-store-leak-logins.hlog").toURI()), outcomes::add);

        List<EndpointOutcomes.Point> login = outcomes.byEndpoint().get("login");
        assertThat(outcomes.byEndpoint()).containsOnlyKeys("login");
        assertThat(login).hasSize(91);
        int firstFailure = login.indexOf(login.stream().filter(p -> p.failed() > 0).findFirst().orElseThrow());
        assertThat(firstFailure).as("Redis filled 63 s into the traffic").isEqualTo(63);
        assertThat(login.subList(0, firstFailure)).allSatisfy(p -> {
            assertThat(p.successRate()).isEqualTo(1.0);
            assertThat(p.amplification()).isBetween(0.95, 1.05);
        });
        assertThat(login.subList(firstFailure + 1, login.size())).allSatisfy(p -> {
            assertThat(p.successRate()).isZero();
            assertThat(p.amplification()).as("immediate retries, three of them").isBetween(3.7, 4.1);
        });
        assertThat(new EndpointOutcomes.Point(0, 0, 0, 0).successRate()).as("no request ended: no rate").isNull();
    }
}
