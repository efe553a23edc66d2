package io.soakrig.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules joining a profile's parts by name, checked on profiles built in code. */
class ReferencesTest {
    private static final TrafficSpec TRAFFIC = new TrafficSpec("a", List.of(new EndpointSpec("x", null, "/x", null, null)), null,
            List.of(new Constant(1.0, Duration.ofSeconds(1))), null, null, null, null);

    private static List<Checks.Violation> check(Map<String, TargetSpec> targets, TrafficSpec traffic, IncidentSpec incident) {
        Checks checks = Checks.root();
        References.check(new Profile("p", null, null, targets, traffic, null, null, null, null, incident), checks);
        return checks.violations();
    }

    private static StubTarget stub(StubRole role, String... upstreams) {
        return new StubTarget(new StubSpec(role, null, null, null, null, null, null, List.of(upstreams), null, null, null, null, null, null, null));
    }

    @Test
    void upstreamsMustBeOtherStubTargetsOfTheRoleCalledWithoutCycles() {
        Map<String, TargetSpec> targets = new LinkedHashMap<>();
        targets.put("a", stub(StubRole.BACKEND, "b"));
        targets.put("b", stub(StubRole.BACKEND, "a"));
        targets.put("stream", stub(StubRole.STREAM, "stream", "nowhere"));

        assertThat(check(targets, TRAFFIC, null)).extracting(Checks.Violation::key, Checks.Violation::message).containsExactly(
                tuple("targets.a.stub.upstreams", "upstreams form a cycle: a -> b -> a"),
                tuple("targets.b.stub.upstreams", "upstreams form a cycle: b -> a -> b"),
                tuple("targets.stream.stub.upstreams[0]", "must name another stub target; stub targets are [a, b]"),
                tuple("targets.stream.stub.upstreams[1]", "must name another stub target; stub targets are [a, b]"),
                tuple("targets.stream.stub.upstreams", "a stream stub needs an upstream whose role is auth"),
                tuple("targets.stream.stub.upstreams", "upstreams form a cycle: stream -> stream"));
    }

    @Test
    void anIncidentGoesToPerimetersAndItsAuthFilterNeedsAnAuthUpstream() {
        Map<String, TargetSpec> targets = new LinkedHashMap<>();
        targets.put("a", stub(StubRole.BACKEND));
        targets.put("edge", new StubTarget(new StubSpec(StubRole.PERIMETER, null, null, null, null, null, null, List.of("a"), null, null, null,
                null, null, new PerimeterSpec(List.of(new Route("/", "a")), List.of(HttpFilter.FAULT), null, null, null, null), null)));
        IncidentSpec incident = new IncidentSpec(Duration.ofSeconds(1), List.of(HttpFilter.AUTH), List.of("edge", "a"));

        assertThat(check(targets, TRAFFIC, incident)).extracting(Checks.Violation::key, Checks.Violation::message).containsExactly(
                tuple("incident.filters", "the auth filter needs an upstream whose role is auth on edge"),
                tuple("incident.targets[1]", "must name a perimeter stub target or a container target with an adminPort, was 'a'"));
    }

    @Test
    void anIncidentGoesToAContainerOnlyThroughItsAdminPort() {
        Map<String, TargetSpec> targets = new LinkedHashMap<>();
        targets.put("a", stub(StubRole.BACKEND));
        targets.put("stub-image", new ContainerTarget(new ContainerSpec("localhost/soakrig-stub", 8080, 9090, null, null, null, null, null, null, null)));
        targets.put("own-image", new ContainerTarget(new ContainerSpec("localhost/shop", 8080, null, null, null, null, null, null, null, null)));
        IncidentSpec incident = new IncidentSpec(Duration.ofSeconds(1), List.of(HttpFilter.AUTH), List.of("stub-image", "own-image"));

        assertThat(check(targets, TRAFFIC, incident)).extracting(Checks.Violation::key, Checks.Violation::message).containsExactly(
                tuple("incident.targets[1]", "must name a perimeter stub target or a container target with an adminPort, was 'own-image'"));
    }

    @Test
    void theTrafficAndItsRegionsNameDeclaredTargets() {
        TrafficSpec traffic = new TrafficSpec("nowhere", TRAFFIC.endpoints(), null, TRAFFIC.arrivals(),
                List.of(new RegionSpec("eu", 1.0, null, "elsewhere")), null, null, null);

        assertThat(check(Map.of("a", stub(StubRole.BACKEND)), traffic, null)).extracting(Checks.Violation::key).containsExactly(
                "traffic.target", "traffic.regions[0].target");
    }
}
