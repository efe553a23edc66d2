package io.soakrig.simulations;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.soakrig.contract.latency.LatencyTag;
import io.soakrig.profile.ArrivalPlan;
import io.soakrig.profile.ExperimentSpec;
import io.soakrig.profile.PinnedHosts;
import io.soakrig.profile.Profile;
import io.soakrig.profile.ProfileException;
import io.soakrig.profile.ProfileLoader;
import io.soakrig.profile.StubSpec;
import io.soakrig.simulations.retry.RetryFleet;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * soakrig inside a Gatling simulation: what a user's own Java-DSL simulation adds so that soakrig
 * measures it as it measures its own ({@link SoakSimulation} is built on this class too).
 *
 * <pre>{@code
 * public class CheckoutSimulation extends Simulation {
 *     private final Soakrig soakrig = Soakrig.fromHarness();
 *
 *     private final ChainBuilder login = soakrig.request("login",
 *             exec(http("login").post("/login").body(StringBody("{\"user\":\"#{user}\"}"))
 *                     .check(jsonPath("$.token").saveAs("token"))));
 *     private final ChainBuilder cart = soakrig.request("cart",
 *             exec(http("cart").get("/cart").header("Authorization", "Bearer #{token}")));
 *
 *     {
 *         setUp(soakrig.populations("checkout", () -> feed(csv("users.csv").circular()).exec(login, cart)))
 *                 .maxDuration(soakrig.maxDuration());
 *     }
 *
 *     @Override
 *     public void after() {
 *         soakrig.finish();
 *     }
 * }
 * }</pre>
 *
 * <ul>
 *   <li><b>{@link #request}</b> makes any chain one logical request: timed with {@link System#nanoTime()}
 *   from its start — for a virtual user's first request, the moment the open model scheduled it,
 *   so a slow answer never delays the next arrival (no coordinated omission) — into the run's
 *   {@code latency.hlog} under the request's name ({@code <name>}, {@code <name>.ko} when it
 *   failed, {@code <name>.try} per attempt), counted as started in {@code requests.json}, and
 *   retried by the profile's client retry policy (back-off, jitter, token bucket, budget, breaker).</li>
 *   <li><b>{@link #populations}</b> is the profile's arrival plan as Gatling populations: one per
 *   region with its own injection steps (diurnal, time-compressed), one per canary arm against its
 *   own target, each arrival counted in {@code arrivals.csv} against the plan. A canary's arms
 *   build the flow once each: a feeder created inside the supplier gives both arms the same rows.</li>
 *   <li>{@link #injection()} and {@link #http()} are the pieces for a simulation that builds its
 *   own populations; {@link #arrival()} then counts its arrivals. A simulation with an injection of
 *   its own declares it ({@link #ownInjection}) and is held to it instead of the profile's plan.</li>
 * </ul>
 * Recording opens at the first arrival and closes at {@link #finish()} or when the JVM exits.
 */
public final class Soakrig {
    /** Requests still unanswered this long after the schedule ends are abandoned. */
    public static final Duration DRAIN = Duration.ofSeconds(30);
    /**
     * Set (to anything) only by the generator benchmark, to measure what recording costs: no
     * latency is recorded, so a run with it has no verdict.
     */
    static final boolean RECORDING_OFF = System.getenv("SOAKRIG_BENCH_RECORDING_OFF") != null;

    /**
     * One population the profile's plan asks for.
     *
     * @param arm    the canary arm, empty outside a canary run
     * @param region the region's name, {@link ArrivalPlan#EVERYONE} without regions
     */
    public record Population(String arm, String region) {
    }

    private final SimulationSettings settings;
    private final Profile profile;
    private final Optional<ExperimentSpec.Cell> cell;
    private final List<ArrivalPlan> plans;
    private final Recordings recordings;
    private final AttemptLoop loop;
    private final ArrivalPlans counted;
    private final SeededDraws draws;

    private Soakrig(SimulationSettings settings) {
        this.settings = settings;
        this.profile = load(settings);
        this.cell = settings.cell(profile);
        this.plans = settings.share()
                .map(share -> profile.arrivalPlans().stream().map(p -> p.scaled(share.fraction())).toList())
                .orElse(profile.arrivalPlans());
        this.counted = new ArrivalPlans(profile, plans);
        this.draws = new SeededDraws(settings.share());
        this.recordings = new Recordings(settings.runDir(), counted::counted, DRAIN, settings.share());
        RetryFleet fleet = RetryFleet.of(cell.map(c -> profile.experiment().retry().get(c.retry())).orElse(profile.traffic().retry()));
        this.loop = new AttemptLoop(fleet, RECORDING_OFF ? AttemptLoop.Recorder.NONE : recordings, profile.traffic().requestTimeout());
    }

    /** The run the harness launched this JVM for ({@code soakrig run}), read from the system properties it set. */
    public static Soakrig fromHarness() {
        return new Soakrig(SimulationSettings.fromSystemProperties());
    }

    /** The run's profile, validated by the harness and cut to the run's length. */
    public Profile profile() {
        return profile;
    }

    /**
     * {@code attempt}, one attempt of the logical request {@code name}, played until the profile's
     * retry policy says stop, each attempt and the whole recorded. The session ends marked failed
     * when the request failed, so {@code exitHereIfFailed()} works as in any Gatling chain.
     *
     * @param name a name of letters, digits, '.', '_' and '-' ({@link LatencyTag}), not ending in .ko or .try
     */
    public ChainBuilder request(String name, ChainBuilder attempt) {
        new LatencyTag("", name, LatencyTag.Kind.OK);
        return exec(session -> loop.start(session, name))
                .exec(loop.attempts(name, attempt))
                .exec(session -> {
                    boolean succeeded = AttemptLoop.succeeded(session);
                    Session recorded = loop.recordLogical(session, name);
                    return succeeded ? recorded : recorded.markAsFailed();
                });
    }

    /**
     * Checks to add to an attempt's HTTP request so the retry policy sees its status and the
     * server's hints ({@code Retry-After}, {@code x-envoy-overloaded}). Without them an attempt
     * that Gatling marked failed counts as a failure without a response. With them, Gatling's
     * implicit status check is off: the status is judged by the policy (2xx and 3xx succeed).
     */
    public static CheckBuilder[] attemptChecks() {
        return AttemptLoop.ATTEMPT_CHECKS.clone();
    }

    /** The profile's arrival plan as populations of {@code flow}, each with its injection and protocol. */
    public List<PopulationBuilder> populations(String name, Supplier<ChainBuilder> flow) {
        return populations(name, p -> flow.get(), UnaryOperator.identity());
    }

    /** As {@link #populations(String, Supplier)}, each population's protocol shaped by {@code protocol} (headers, checks). */
    public List<PopulationBuilder> populations(String name, Supplier<ChainBuilder> flow, UnaryOperator<HttpProtocolBuilder> protocol) {
        return populations(name, p -> flow.get(), protocol);
    }

    /**
     * One population per canary arm (each against its target) and region, named
     * {@code name[-arm][-region]}; {@code flow} builds each one's chain after its arrival is counted.
     */
    public List<PopulationBuilder> populations(String name, Function<Population, ChainBuilder> flow,
                                               UnaryOperator<HttpProtocolBuilder> protocol) {
        counted.profilePlanPlayed();
        List<PopulationBuilder> populations = new ArrayList<>();
        List<List<URI>> urls = settings.targetUrls();
        if (profile.canary() != null) {
            for (int i = 0; i < urls.size(); i++) {
                for (ArrivalPlan plan : plans) {
                    populations.add(population(name, new Population(LatencyTag.CANARY_ARMS.get(i), plan.population()), flow)
                            .injectOpen(steps(plan)).protocols(protocol.apply(protocol(urls.get(i)))));
                }
            }
        } else {
            for (ArrivalPlan plan : plans) {
                List<URI> regionUrls = urls.get(profile.trafficTargets().indexOf(profile.targetOf(plan.population())));
                populations.add(population(name, new Population("", plan.population()), flow)
                        .injectOpen(steps(plan)).protocols(protocol.apply(protocol(regionUrls))));
            }
        }
        return populations;
    }

    private io.gatling.javaapi.core.ScenarioBuilder population(String name, Population p, Function<Population, ChainBuilder> flow) {
        String countedAs = LatencyTag.armed(p.arm(), p.region());
        String scenario = name + (p.arm().isEmpty() ? "" : "-" + p.arm()) + (p.region().equals(ArrivalPlan.EVERYONE) ? "" : "-" + p.region());
        return scenario(scenario)
                .exec(session -> {
                    recordings.arrived(countedAs);
                    return p.arm().isEmpty() ? session : session.set(AttemptLoop.ARM, p.arm());
                })
                .exec(flow.apply(p));
    }

    /** The profile's arrival plan for everyone (a profile without regions), as injection steps. */
    public OpenInjectionStep[] injection() {
        return injection(ArrivalPlan.EVERYONE);
    }

    /** One region's arrival plan as injection steps. @throws IllegalArgumentException when the profile has no such region */
    public OpenInjectionStep[] injection(String region) {
        counted.profilePlanPlayed();
        return steps(plans.stream().filter(p -> p.population().equals(region)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the profile " + profile.name() + " has no region '" + region
                        + "'; its populations are " + plans.stream().map(ArrivalPlan::population).toList())));
    }

    /** Counts an arrival of everyone, for a simulation that injects its own populations: its first step. */
    public ChainBuilder arrival() {
        return arrival(ArrivalPlan.EVERYONE);
    }

    /**
     * Counts an arrival of {@code population}: a region of the profile's plan, or a population
     * whose injection the simulation declared ({@link #ownInjection}); the first step of its scenario.
     */
    public ChainBuilder arrival(String population) {
        return exec(session -> {
            recordings.arrived(population);
            return session;
        });
    }

    /**
     * An open-model injection of the simulation's own for {@code population}, declared so that
     * soakrig holds the generator to it: returned as Gatling's steps (for {@code injectOpen}), and
     * the population's arrivals, counted by {@link #arrival(String)}, are checked in
     * {@code arrivals.csv} against it — not against the profile's plan, which is counted only when
     * the simulation also plays it ({@link #populations}, {@link #injection()}).
     *
     * <pre>{@code
     * setUp(scenario("browse").exec(soakrig.arrival("browse")).exec(browse)
     *         .injectOpen(soakrig.ownInjection("browse", Soakrig.ramp(1, 40, ofSeconds(5)), Soakrig.constant(40, ofSeconds(20))))
     *         .protocols(soakrig.http()));
     * }</pre>
     *
     * @param population a name of its own: not a population of the profile's plan, not declared twice
     * @throws IllegalArgumentException when the name is taken, a rate is negative, a step has no
     *                                  duration, or the injection outlasts the profile's schedule
     *                                  (the harness ends the run there)
     * @throws IllegalStateException    in a canary run, whose arms play the profile's plan each
     */
    public OpenInjectionStep[] ownInjection(String population, ArrivalPlan.Segment... steps) {
        return steps(counted.declare(population, steps));
    }

    /** A step of {@link #ownInjection}: {@code rate} arrivals per second for {@code duration}. */
    public static ArrivalPlan.Segment constant(double rate, Duration duration) {
        return new ArrivalPlan.Segment(rate, rate, duration);
    }

    /** A step of {@link #ownInjection}: arrivals per second moving linearly from {@code from} to {@code to} over {@code duration}. */
    public static ArrivalPlan.Segment ramp(double from, double to, Duration duration) {
        return new ArrivalPlan.Segment(from, to, duration);
    }

    /** The protocol to the run's (first) traffic target; see {@link #populations} for regions and canary arms. */
    public HttpProtocolBuilder http() {
        return protocol(settings.targetUrls().get(0));
    }

    /** The schedule plus the drain: the longest a run's simulation may take. */
    public Duration maxDuration() {
        return profile.plannedDuration().plus(DRAIN);
    }

    /** Opens the recordings now rather than at the first arrival (soakrig's own simulation, from {@code before()}). */
    public void start() {
        recordings.open();
    }

    /** Closes the recordings; call it from {@code after()} (a JVM stopped early closes them from its shutdown hook). */
    public void finish() {
        recordings.close();
    }

    AttemptLoop loop() {
        return loop;
    }

    /** The seed of draws made from {@code base}: itself for the single generator, disjoint per share for workers. */
    long seed(long base) {
        return draws.seed(base);
    }

    /**
     * A random generator seeded from the run's seed and {@code name}: every call with the same name
     * draws the same sequence — so made inside the flow {@link #populations} builds per arm, a
     * canary's arms draw alike — and one of several workers draws a stream of its own.
     */
    public Random random(String name) {
        return draws.random(name);
    }

    /**
     * A feeder of {@code records} in a seeded order, for {@code feed(...)}: all of them shuffled by
     * stream {@code name}, then all again reshuffled, endlessly; the same order in each canary arm
     * (made inside the flow {@link #populations} builds) and in every run, where Gatling's
     * {@code shuffle()} and {@code random()} draw differently each time.
     *
     * <pre>{@code
     * soakrig.populations("checkout", () -> feed(soakrig.shuffled("users", csv("users.csv").readRecords())).exec(login))
     * }</pre>
     */
    public Iterator<Map<String, Object>> shuffled(String name, List<Map<String, Object>> records) {
        return draws.shuffled(name, records);
    }

    Optional<ExperimentSpec.Cell> cell() {
        return cell;
    }

    /**
     * The protocol to one target; an experiment cell asks the stubs for its failure level on every
     * request. Nothing leaves the addresses the harness checked: a redirect is not followed (its 3xx
     * is the answer, recorded like any other), and host names connect to the addresses the harness
     * resolved and checked, given to Gatling as fixed aliases; a name the harness did not check
     * fails the simulation before any request.
     */
    private HttpProtocolBuilder protocol(List<URI> urls) {
        urls.stream().map(URI::getHost).filter(PinnedHosts::isName).forEach(settings.pinnedHosts()::addresses);
        HttpProtocolBuilder protocol = http
                .baseUrls(urls.stream().map(Object::toString).toList())
                .disableFollowRedirect()
                .hostNameAliases(settings.pinnedHosts().aliases())
                .disableWarmUp()
                .shareConnections()
                .acceptHeader("application/json")
                .userAgentHeader("soakrig");
        return cell.filter(c -> c.failure() != null)
                .map(c -> protocol.header(StubSpec.FAULT_HEADER, String.format(Locale.ROOT, "errorRate=%s", c.failure())))
                .orElse(protocol);
    }

    /** A plan's segments as Gatling ramps (a flat segment is a ramp from a rate to itself). */
    static OpenInjectionStep[] steps(ArrivalPlan plan) {
        return plan.segments().stream()
                .filter(s -> s.duration().toMillis() > 0)
                .map(s -> s.fromRate() == s.toRate()
                        ? constantUsersPerSec(s.fromRate()).during(s.duration())
                        : rampUsersPerSec(s.fromRate()).to(s.toRate()).during(s.duration()))
                .toArray(OpenInjectionStep[]::new);
    }

    private static Profile load(SimulationSettings settings) {
        try {
            Profile profile = new ProfileLoader().load(settings.profile());
            Optional<Duration> limit = settings.cellId().isPresent() ? Optional.of(profile.experiment().cell()) : settings.durationLimit();
            return limit.map(profile::truncatedTo).orElse(profile);
        } catch (ProfileException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
