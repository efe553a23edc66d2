package io.soakrig.simulations;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.doSwitch;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.onCase;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.soakrig.profile.Profile;
import io.soakrig.profile.Profile.ArrivalStep;
import io.soakrig.profile.Profile.EndpointSpec;
import io.soakrig.profile.ProfileException;
import io.soakrig.profile.ProfileLoader;
import io.soakrig.simulations.recording.IntervalLatencyLog;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.ArrayList;
import java.util.Random;

/**
 * The simulation soakrig runs for a profile: an open-model arrival schedule where every arrival
 * is one logical request to an endpoint drawn from the profile's weighted mix.
 *
 * <p>Latency is taken with {@link System#nanoTime()} from the moment Gatling starts the user,
 * which in the open model is the moment it was scheduled to arrive, to the end of its request:
 * a slow response never delays the next arrival, so the figures carry no coordinated omission
 * as long as the generator keeps up. Each request is recorded in the run's
 * {@code latency.hlog} under its endpoint's name, or {@code <endpoint>.ko} when it failed
 * (non-200 status or no response).
 *
 * <p>A canary profile runs the same scenario twice, once per arm, each against its own target:
 * the same schedule and the same seeded endpoint draws, so the baseline and the canary see
 * identical traffic. Their tags are prefixed {@code baseline/} and {@code canary/}.
 */
public class SoakSimulation extends Simulation {
    /** Intervals of the latency log. */
    static final long INTERVAL_MILLIS = 1000;
    /** Requests still unanswered this long after the schedule ends are abandoned. */
    static final Duration DRAIN = Duration.ofSeconds(30);
    private static final String STARTED_NANOS = "soakrigStartedNanos";
    private static final String ENDPOINT = "soakrigEndpoint";

    /** Seed of every arm's endpoint draws: arms with the same seed draw the same sequence. */
    static final long MIX_SEED = 0x50a4_2022L;
    /** Tag prefixes of a canary profile's arms, in the order of {@code Profile.trafficTargets()}. */
    public static final List<String> CANARY_ARMS = List.of("baseline", "canary");

    private final SimulationSettings settings = SimulationSettings.fromSystemProperties();
    private final Profile profile = load(settings);
    private final List<EndpointSpec> endpoints = profile.traffic().endpoints();
    private IntervalLatencyLog latency;

    {
        List<PopulationBuilder> populations = new ArrayList<>();
        List<List<URI>> urls = settings.targetUrls();
        for (int i = 0; i < urls.size(); i++) {
            String prefix = profile.canary() == null ? "" : CANARY_ARMS.get(i) + "/";
            populations.add(arm(prefix).injectOpen(schedule(profile.wallArrivals())).protocols(protocol(urls.get(i))));
        }
        setUp(populations).maxDuration(profile.plannedDuration().plus(DRAIN));
    }

    /** One population's scenario: its own seeded endpoint draws, its tags prefixed with {@code prefix}. */
    private ScenarioBuilder arm(String prefix) {
        EndpointPicker picker = new EndpointPicker(endpoints.stream().mapToInt(EndpointSpec::weight).toArray());
        Random draws = new Random(MIX_SEED);
        return scenario(prefix.isEmpty() ? profile.name() : profile.name() + "-" + prefix.substring(0, prefix.length() - 1))
                .exec(session -> session
                        .set(ENDPOINT, picker.pick(draws))
                        .set(STARTED_NANOS, System.nanoTime()))
                .exec(requests())
                .exec(session -> recordLatency(prefix, session));
    }

    private static HttpProtocolBuilder protocol(List<URI> urls) {
        return http
                .baseUrls(urls.stream().map(Object::toString).toList())
                .disableWarmUp()
                .shareConnections()
                .acceptHeader("application/json")
                .userAgentHeader("soakrig");
    }

    @Override
    public void before() {
        latency = IntervalLatencyLog.start(settings.runDir().resolve("latency.hlog"), INTERVAL_MILLIS);
    }

    @Override
    public void after() {
        latency.close();
    }

    /** The drawn endpoint's request; Gatling's switch wants two cases at least, so one endpoint is sent directly. */
    private ChainBuilder requests() {
        if (endpoints.size() == 1) {
            return request(endpoints.get(0));
        }
        return doSwitch("#{" + ENDPOINT + "}").on(endpoints.stream()
                .map(e -> onCase(endpoints.indexOf(e)).then(request(e))).toList());
    }

    private static ChainBuilder request(EndpointSpec e) {
        return exec(http(e.name()).httpRequest(e.method(), e.path()).check(status().is(200)));
    }

    private Session recordLatency(String prefix, Session session) {
        long elapsed = System.nanoTime() - session.getLong(STARTED_NANOS);
        String name = prefix + endpoints.get(session.getInt(ENDPOINT)).name();
        latency.record(session.isFailed() ? name + ".ko" : name, elapsed);
        return session.markAsSucceeded();
    }

    private static OpenInjectionStep[] schedule(List<ArrivalStep> steps) {
        return steps.stream().map(step -> step.ramp() != null
                        ? rampUsersPerSec(step.ramp().from()).to(step.ramp().to()).during(step.duration())
                        : constantUsersPerSec(step.constant().rate()).during(step.duration()))
                .toArray(OpenInjectionStep[]::new);
    }

    private static Profile load(SimulationSettings settings) {
        try {
            Profile profile = new ProfileLoader().load(settings.profile());
            return settings.durationLimit().map(profile::truncatedTo).orElse(profile);
        } catch (ProfileException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
