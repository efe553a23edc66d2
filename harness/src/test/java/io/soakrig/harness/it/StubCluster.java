package io.soakrig.harness.it;

import io.soakrig.contract.RunLayout;
import io.soakrig.contract.events.RunEvent;
import io.soakrig.contract.events.RunEventLog;
import io.soakrig.harness.sampling.PrometheusText;
import io.soakrig.harness.supervision.MemoryLimits;
import io.soakrig.harness.supervision.Topology;
import io.soakrig.profile.Profile;
import io.soakrig.profile.ProfileLoader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The stub targets of a profile written by a test, started through the harness's own {@link Topology}. */
final class StubCluster implements AutoCloseable {
    static final String TOKEN = "integration-test-token-0123456789";

    final Path dir;
    final Topology topology;
    private final RunEventLog events;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private StubCluster(Path dir, Topology topology, RunEventLog events) {
        this.dir = dir;
        this.topology = topology;
        this.events = events;
    }

    static StubCluster start(Path dir, String profileYaml, MemoryLimits limits) throws Exception {
        Path file = Files.writeString(dir.resolve("profile.yaml"), profileYaml);
        Profile profile = new ProfileLoader().load(file);
        RunEventLog events = RunEventLog.append(RunLayout.of(dir).events());
        return new StubCluster(dir, Topology.start(profile, dir, TOKEN, limits, events, Duration.ofSeconds(30), java.util.Map.of()), events);
    }

    URI url(String target) {
        return topology.urls(target).get(0);
    }

    /** One figure of a target's metrics (summed over label sets matching {@code labels}); NaN when absent or down. */
    double metric(String target, String name, Map<String, String> labels) {
        URI metrics = topology.instances().stream().filter(i -> i.target().equals(target)).findFirst().orElseThrow().metricsUrl();
        try {
            return PrometheusText.sum(PrometheusText.scrape(http, metrics, TOKEN), name, labels);
        } catch (IOException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    List<RunEvent> events() throws IOException {
        return RunEventLog.read(RunLayout.of(dir).events());
    }

    @Override
    public void close() throws IOException {
        topology.close();
        events.close();
    }
}
