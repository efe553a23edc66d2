package io.soakrig.simulations;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.doSwitch;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.onCase;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.soakrig.contract.RunLayout;
import io.soakrig.contract.latency.LatencyTag;
import io.soakrig.contract.workers.WorkerShare;
import io.soakrig.contract.latency.LatencyTag.Kind;
import io.soakrig.profile.Profile;
import io.soakrig.profile.ArrivalPlan;
import io.soakrig.profile.PinnedHosts;
import io.soakrig.profile.EndpointSpec;
import io.soakrig.profile.SessionSpec;
import io.soakrig.profile.SessionStep;
import io.soakrig.profile.ProfileException;
import io.soakrig.profile.ProfileLoader;
import io.soakrig.profile.StubSpec;
import io.soakrig.simulations.recording.ArrivalLog;
import io.soakrig.contract.latency.IntervalLatencyLog;
import io.soakrig.simulations.recording.StartedRequests;
import io.soakrig.simulations.retry.RetryFleet;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The simulation soakrig runs for a profile: an open-model arrival schedule where every arrival
 * is one logical request to an endpoint drawn from the profile's weighted mix.
 *
 * <p>Latency is taken with {@link System#nanoTime()} from the moment Gatling starts the user,
 * which in the open model is the moment it was scheduled to arrive, to the end of its request:
 * a slow response never delays the next arrival, so the figures carry no coordinated omission
 * as long as the generator keeps up. Each request is recorded in the run's
 * {@code latency.hlog} under its endpoint's name, or {@code <endpoint>.ko} when it failed
 * (non-2xx/3xx status or no response, after every retry the client's policy allows). Each
 * attempt is also recorded, under {@code <endpoint>.try}: attempts over logical requests is the
 * amplification from client to target.
 *
 * <p>A canary profile runs the same scenario twice, once per arm, each against its own target:
 * the same schedule and the same seeded endpoint draws, so the baseline and the canary see
 * identical traffic. Their tags are prefixed {@code baseline/} and {@code canary/}.
 *
 * <p>Each region of the profile is its own population with its own arrival plan; every arrival
 * is counted in {@code arrivals.csv} against the plan, so a generator that falls behind is seen.
 * Every logical request is counted as it starts, and the counts are written to
 * {@code requests.json} when the simulation ends (or its JVM is stopped): a request still open
 * then is in no latency log, and the analysis finds it as started but never recorded.
 *
 * <p>As one of several workers ({@link WorkerShare}), the simulation plays its share of every
 * rate with draws seeded for its share, waits for the shared start before the first arrival, and
 * aligns its latency log's intervals on that start, so the coordinator can add the workers'
 * recordings interval by interval. Its arrival seconds count from its first arrival, as the single
 * generator's do: Gatling starts injecting a few hundred milliseconds after the simulation's
 * {@code before()}, and that start-up is not a shortfall of the plan.
 */
public class SoakSimulation extends Simulation {
    /** Intervals of the latency log. */
    static final long INTERVAL_MILLIS = 1000;
    /** Requests still unanswered this long after the schedule ends are abandoned. */
    static final Duration DRAIN = Duration.ofSeconds(30);
    /** Seed of every arm's endpoint draws: arms with the same seed draw the same sequence. */
    static final long MIX_SEED = 0x50a4_2022L;
    private static final String SESSION = "soakrigSession";
    /**
     * Set (to anything) only by the generator benchmark, to measure what recording costs: no
     * latency is recorded, so a run with it has no verdict.
     */
    static final boolean RECORDING_OFF = System.getenv("SOAKRIG_BENCH_RECORDING_OFF") != null;

    private final SimulationSettings settings = SimulationSettings.fromSystemProperties();
    private final Profile profile = load(settings);
    private final List<EndpointSpec> endpoints = profile.traffic().endpoints();
    private IntervalLatencyLog latency;
    private ArrivalLog arrivals;
    private final StartedRequests started = new StartedRequests();
    private final AtomicBoolean finished = new AtomicBoolean();

    private final Optional<io.soakrig.profile.ExperimentSpec.Cell> cell = settings.cell(profile);
    private final List<ArrivalPlan> plans = settings.share()
            .map(share -> profile.arrivalPlans().stream().map(p -> p.scaled(share.fraction())).toList())
            .orElse(profile.arrivalPlans());

    {
        List<PopulationBuilder> populations = new ArrayList<>();
        List<List<URI>> urls = settings.targetUrls();
        RetryFleet fleet = RetryFleet.of(cell.map(c -> profile.experiment().retry().get(c.retry())).orElse(profile.traffic().retry()));
        if (profile.canary() != null) {
            for (int i = 0; i < urls.size(); i++) {
                for (ArrivalPlan plan : plans) {
                    populations.add(arm(LatencyTag.CANARY_ARMS.get(i), plan.population(), fleet).injectOpen(schedule(plan))
                            .protocols(protocol(urls.get(i), cell)));
                }
            }
        } else {
            for (ArrivalPlan plan : plans) {
                List<URI> regionUrls = urls.get(profile.trafficTargets().indexOf(profile.targetOf(plan.population())));
                populations.add(arm("", plan.population(), fleet).injectOpen(schedule(plan)).protocols(protocol(regionUrls, cell)));
            }
        }
        setUp(populations).maxDuration(profile.plannedDuration().plus(DRAIN));
    }

    /**
     * One population's scenario: its own seeded draws, its tags in canary arm {@code arm} (none when empty). An
     * arrival is one request to a drawn endpoint, or, when the profile declares sessions, one
     * drawn session playing its steps.
     */
    private ScenarioBuilder arm(String arm, String population, RetryFleet fleet) {
        List<SessionSpec> sessions = profile.traffic().sessions();
        EndpointPicker picker = sessions.isEmpty()
                ? new EndpointPicker(endpoints.stream().mapToInt(EndpointSpec::weight).toArray())
                : new EndpointPicker(sessions.stream().mapToInt(SessionSpec::weight).toArray());
        long seed = MIX_SEED + population.hashCode();
        Random draws = new Random(settings.share().map(share -> share.seed(seed)).orElse(seed));
        int users = profile.traffic().users();
        String countedAs = LatencyTag.armed(arm, population);
        String name = profile.name() + (arm.isEmpty() ? "" : "-" + arm)
                + (population.equals(ArrivalPlan.EVERYONE) ? "" : "-" + population);
        AttemptLoop loop = new AttemptLoop(fleet, RECORDING_OFF ? AttemptLoop.Recorder.NONE : recorder(arm), profile.traffic().requestTimeout());
        return scenario(name)
                .exec(session -> {
                    arrivals.started(countedAs);
                    int user;
                    int drawn;
                    synchronized (draws) {
                        drawn = picker.pick(draws);
                        user = 1 + draws.nextInt(users);
                    }
                    Session drawnSession = session.set(sessions.isEmpty() ? AttemptLoop.ENDPOINT : SESSION, drawn)
                            .set(AttemptLoop.USER, "u" + user).set(AttemptLoop.CLIENT, user % fleet.size());
                    return sessions.isEmpty() ? loop.start(drawnSession, endpoints.get(drawn).name()) : drawnSession;
                })
                .exec(sessions.isEmpty() ? requests(loop).exec(session -> record(loop, session)) : sessions(loop));
    }

    /** The drawn session's steps; Gatling's switch wants two cases at least, so one session is played directly. */
    private ChainBuilder sessions(AttemptLoop loop) {
        List<SessionSpec> sessions = profile.traffic().sessions();
        if (sessions.size() == 1) {
            return steps(sessions.get(0), loop);
        }
        return doSwitch("#{" + SESSION + "}").on(sessions.stream()
                .map(s -> onCase(sessions.indexOf(s)).then(steps(s, loop))).toList());
    }

    /** A session's steps in order: each request after its think time, its latency from its own start. */
    private ChainBuilder steps(SessionSpec session, AttemptLoop loop) {
        ChainBuilder chain = exec(s -> s);
        for (SessionStep step : session.steps()) {
            EndpointSpec e = endpoints.stream().filter(x -> x.name().equals(step.endpoint())).findFirst().orElseThrow();
            int index = endpoints.indexOf(e);
            Duration think = profile.wall(step.think());
            ChainBuilder request = exec(s -> loop.start(s.set(AttemptLoop.ENDPOINT, index), e.name()))
                    .exec(loop.chain(e))
                    .exec(s -> record(loop, s));
            chain = chain.repeat(step.repeat()).on(think.isZero() ? request : pause(think).exec(request));
        }
        return chain;
    }

    /** Counts and records under the arm's tags, each endpoint's tags spelled once ({@link LatencyTag}). */
    private AttemptLoop.Recorder recorder(String arm) {
        Map<String, String[]> tagsByEndpoint = new ConcurrentHashMap<>();
        return new AttemptLoop.Recorder() {
            @Override
            public void started(String endpoint) {
                started.started(tags(endpoint)[Kind.OK.ordinal()]);
            }

            @Override
            public void record(String endpoint, Kind kind, long nanos) {
                latency.record(tags(endpoint)[kind.ordinal()], nanos);
            }

            private String[] tags(String endpoint) {
                return tagsByEndpoint.computeIfAbsent(endpoint, e -> Arrays.stream(Kind.values())
                        .map(k -> new LatencyTag(arm, e, k).toString()).toArray(String[]::new));
            }
        };
    }

    private Session record(AttemptLoop loop, Session session) {
        return loop.recordLogical(session, endpoints.get(session.getInt(AttemptLoop.ENDPOINT)).name());
    }

    /**
     * The protocol to one target; an experiment cell asks the stubs for its failure level on every
     * request. Nothing leaves the addresses the harness checked: a redirect is not followed (its 3xx
     * is the answer, recorded like any other), and host names connect to the addresses the harness
     * resolved and checked, given to Gatling as fixed aliases; a name the harness did not check
     * fails the simulation before any request.
     */
    private HttpProtocolBuilder protocol(List<URI> urls, Optional<io.soakrig.profile.ExperimentSpec.Cell> cell) {
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

    @Override
    public void before() {
        RunLayout run = RunLayout.of(settings.runDir());
        Optional<WorkerShare> share = settings.share();
        if (share.isPresent()) {
            awaitStart(share.get().startAtMillis());
            latency = IntervalLatencyLog.startAligned(run.latencyLog(), INTERVAL_MILLIS, share.get().startAtMillis());
        } else {
            latency = IntervalLatencyLog.start(run.latencyLog(), INTERVAL_MILLIS);
        }
        arrivals = ArrivalLog.start(run.arrivals(), countedPlans(), DRAIN);
        Runtime.getRuntime().addShutdownHook(new Thread(this::finish, "soakrig-recordings"));
    }

    /** Sleeps until the workers' shared start; a worker that got here late starts at once (and shows as behind). */
    private static void awaitStart(long startAtMillis) {
        try {
            for (long wait = startAtMillis - System.currentTimeMillis(); wait > 0; wait = startAtMillis - System.currentTimeMillis()) {
                Thread.sleep(wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the workers' shared start", e);
        }
    }

    @Override
    public void after() {
        finish();
    }

    /**
     * Closes the recordings once, at the simulation's end or when its JVM is stopped (the harness
     * stops it early once a verdict is certain): the latency log's last interval, the arrivals,
     * then the started counts — last, so that every request in the latency log was counted.
     */
    private void finish() {
        if (finished.compareAndSet(false, true)) {
            latency.close();
            arrivals.close();
            started.write(settings.runDir());
        }
    }

    /** The plans as the arrival log counts them: per arm and region. */
    private List<ArrivalPlan> countedPlans() {
        List<ArrivalPlan> counted = new ArrayList<>();
        List<String> arms = profile.canary() == null ? List.of("") : LatencyTag.CANARY_ARMS;
        for (String arm : arms) {
            plans.forEach(p -> counted.add(new ArrivalPlan(LatencyTag.armed(arm, p.population()), p.segments())));
        }
        return counted;
    }

    /** The drawn endpoint's request; Gatling's switch wants two cases at least, so one endpoint is sent directly. */
    private ChainBuilder requests(AttemptLoop loop) {
        if (endpoints.size() == 1) {
            return loop.chain(endpoints.get(0));
        }
        return doSwitch("#{" + AttemptLoop.ENDPOINT + "}").on(endpoints.stream()
                .map(e -> onCase(endpoints.indexOf(e)).then(loop.chain(e))).toList());
    }

    /** A plan's segments as Gatling ramps (a flat segment is a ramp from a rate to itself). */
    private static OpenInjectionStep[] schedule(ArrivalPlan plan) {
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
