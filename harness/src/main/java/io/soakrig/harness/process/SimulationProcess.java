package io.soakrig.harness.process;

import io.soakrig.contract.SimulationLaunch;
import io.soakrig.contract.workers.WorkerShare;
import io.soakrig.profile.PinnedHosts;
import io.soakrig.profile.Profile;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Gatling load generator in its own JVM, started through Gatling's public main class with the
 * options, arguments and settings {@link SimulationLaunch} defines — among them the three switches
 * that keep Gatling from reaching out to the internet.
 *
 * <p>The targets' host names are not resolved in this JVM: the addresses the harness checked are
 * handed over ({@link PinnedHosts#encode()}) and the simulation gives them to Gatling as fixed
 * aliases, so the load goes where the check said it may. The simulation is soakrig's own or the
 * user's (with the user's classes after soakrig's on the classpath, {@link SimulationClasspath}).
 */
public final class SimulationProcess {
    private SimulationProcess() {
    }

    /**
     * Starts the simulation for a profile.
     *
     * @param profileFile   the profile (the run directory's copy)
     * @param runDir        where the latency log and Gatling's report land
     * @param targetUrls    per traffic target (the profile's order), the base URLs of its instances
     * @param pinned        the checked addresses of the targets' host names
     * @param durationLimit cut of the schedule, if any
     * @param cell          the experiment cell to play (its policy, its failure level, its length), or null
     * @param simulation    the user's own simulation class (the profile's {@code traffic.simulation}), or null for soakrig's
     * @param classpath     where the user's classes are
     * @param gatlingFiles  whether Gatling writes its own simulation.log and HTML report
     */
    public static ChildProcess start(Path profileFile, Path runDir, List<List<URI>> targetUrls, PinnedHosts pinned, Duration durationLimit,
                                     io.soakrig.profile.ExperimentSpec.Cell cell, String simulation, SimulationClasspath classpath,
                                     boolean gatlingFiles) throws IOException {
        return start(new SimulationLaunch(profileFile, runDir, targetUrls, Optional.ofNullable(durationLimit),
                Optional.ofNullable(cell).map(io.soakrig.profile.ExperimentSpec.Cell::id), pinned.encode(), simulation, Optional.empty(),
                gatlingFiles), classpath);
    }

    /**
     * Starts the simulation one worker runs: soakrig's own, its share of the plan. It boots, says
     * it is ready and waits for the shared start its worker hands it ({@code StartGate}).
     */
    public static ChildProcess startShare(Path profileFile, Path runDir, List<List<URI>> targetUrls, String pinnedHosts,
                                          Duration durationLimit, WorkerShare share) throws IOException {
        return start(new SimulationLaunch(profileFile, runDir, targetUrls, Optional.ofNullable(durationLimit), Optional.empty(),
                pinnedHosts, SimulationLaunch.SIMULATION, Optional.of(share)), SimulationClasspath.NONE);
    }

    private static ChildProcess start(SimulationLaunch launch, SimulationClasspath classpath) throws IOException {
        return ChildProcess.start(List.of(), classpath, SimulationLaunch.GATLING_MAIN, launch.jvmOptions(), launch.gatlingArguments(),
                Map.of(), launch.log());
    }
}
