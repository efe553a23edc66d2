package io.soakrig.simulations;

import static io.gatling.javaapi.core.CoreDsl.doSwitch;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.onCase;
import static io.gatling.javaapi.core.CoreDsl.pause;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.soakrig.profile.EndpointSpec;
import io.soakrig.profile.Profile;
import io.soakrig.profile.SessionSpec;
import io.soakrig.profile.SessionStep;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

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
 * Populations, protocols and recordings are {@link Soakrig}'s, the library users' simulations use.
 * Every logical request is counted as it starts, and the counts are written to
 * {@code requests.json} when the simulation ends (or its JVM is stopped): a request still open
 * then is in no latency log, and the analysis finds it as started but never recorded.
 *
 * <p>As one of several workers ({@code WorkerShare}), the simulation plays its share of every
 * rate with draws seeded for its share, says it is ready and waits for the shared start its worker
 * hands it ({@code StartGate}) before the first arrival, and
 * aligns its latency log's intervals on that start, so the coordinator can add the workers'
 * recordings interval by interval ({@link Soakrig} does all three).
 */
public class SoakSimulation extends Simulation {
    /** Seed of every arm's endpoint draws: arms with the same seed draw the same sequence. */
    static final long MIX_SEED = SeededDraws.RUN_SEED;
    private static final String SESSION = "soakrigSession";

    private final Soakrig soakrig = Soakrig.fromHarness();
    private final Profile profile = soakrig.profile();
    private final List<EndpointSpec> endpoints = profile.traffic().endpoints();
    private final AttemptLoop loop = soakrig.loop();

    {
        setUp(soakrig.populations(profile.name(), this::flow, UnaryOperator.identity())).maxDuration(soakrig.maxDuration());
    }

    /**
     * One population's flow: its own seeded draws. An arrival is one request to a drawn endpoint,
     * or, when the profile declares sessions, one drawn session playing its steps.
     */
    private ChainBuilder flow(Soakrig.Population population) {
        List<SessionSpec> sessions = profile.traffic().sessions();
        EndpointPicker picker = sessions.isEmpty()
                ? new EndpointPicker(endpoints.stream().mapToInt(EndpointSpec::weight).toArray())
                : new EndpointPicker(sessions.stream().mapToInt(SessionSpec::weight).toArray());
        Random draws = new Random(soakrig.seed(MIX_SEED + population.region().hashCode()));
        int users = profile.traffic().users();
        int clients = loop.fleetSize();
        return exec(session -> {
                    int user;
                    int drawn;
                    synchronized (draws) {
                        drawn = picker.pick(draws);
                        user = 1 + draws.nextInt(users);
                    }
                    Session drawnSession = session.set(sessions.isEmpty() ? AttemptLoop.ENDPOINT : SESSION, drawn)
                            .set(AttemptLoop.USER, "u" + user).set(AttemptLoop.CLIENT, user % clients);
                    return sessions.isEmpty() ? loop.start(drawnSession, endpoints.get(drawn).name()) : drawnSession;
                })
                .exec(sessions.isEmpty() ? requests().exec(this::record) : sessions());
    }

    /** The drawn session's steps; Gatling's switch wants two cases at least, so one session is played directly. */
    private ChainBuilder sessions() {
        List<SessionSpec> sessions = profile.traffic().sessions();
        if (sessions.size() == 1) {
            return steps(sessions.get(0));
        }
        return doSwitch("#{" + SESSION + "}").on(sessions.stream()
                .map(s -> onCase(sessions.indexOf(s)).then(steps(s))).toList());
    }

    /** A session's steps in order: each request after its think time, its latency from its own start. */
    private ChainBuilder steps(SessionSpec session) {
        ChainBuilder chain = exec(s -> s);
        for (SessionStep step : session.steps()) {
            EndpointSpec e = endpoints.stream().filter(x -> x.name().equals(step.endpoint())).findFirst().orElseThrow();
            int index = endpoints.indexOf(e);
            Duration think = profile.wall(step.think());
            ChainBuilder request = exec(s -> loop.start(s.set(AttemptLoop.ENDPOINT, index), e.name()))
                    .exec(loop.chain(e))
                    .exec(this::record);
            chain = chain.repeat(step.repeat()).on(think.isZero() ? request : pause(think).exec(request));
        }
        return chain;
    }

    private Session record(Session session) {
        return loop.recordLogical(session, endpoints.get(session.getInt(AttemptLoop.ENDPOINT)).name());
    }

    @Override
    public void before() {
        soakrig.start();
    }

    /**
     * Closes the recordings at the simulation's end (or, from their shutdown hook, when its JVM is
     * stopped: the harness stops it early once a verdict is certain).
     */
    @Override
    public void after() {
        soakrig.finish();
    }

    /** The drawn endpoint's request; Gatling's switch wants two cases at least, so one endpoint is sent directly. */
    private ChainBuilder requests() {
        if (endpoints.size() == 1) {
            return loop.chain(endpoints.get(0));
        }
        return doSwitch("#{" + AttemptLoop.ENDPOINT + "}").on(endpoints.stream()
                .map(e -> onCase(endpoints.indexOf(e)).then(loop.chain(e))).toList());
    }
}
