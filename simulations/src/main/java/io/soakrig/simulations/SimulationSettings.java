package io.soakrig.simulations;

import io.soakrig.contract.SimulationLaunch;
import io.soakrig.contract.workers.WorkerShare;
import io.soakrig.profile.PinnedHosts;
import io.soakrig.profile.Profile;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the harness tells a simulation JVM ({@link SimulationLaunch}, passed as system properties:
 * Gatling instantiates simulations itself through a no-argument constructor), with the pinned
 * host addresses decoded.
 *
 * @param profile       the profile file (already validated by the harness; loaded again here)
 * @param runDir        where the latency log is written
 * @param targetUrls    per traffic target, in the order of {@code Profile.trafficTargets()}, the base
 *                      URLs of its instances; each virtual user picks one, round-robin. Written as
 *                      instances joined by ',' and targets joined by ';'
 * @param durationLimit cut the profile's schedule at this length ({@code --duration}), if present
 * @param cellId        the id of the experiment cell to play, if the profile is an experiment
 * @param pinnedHosts   the addresses the harness checked the targets' host names at; the only
 *                      addresses a name in {@code targetUrls} may be connected to
 * @param share         this generator's share of the plan when it is one of several workers
 */
public record SimulationSettings(Path profile, Path runDir, List<List<URI>> targetUrls, Optional<Duration> durationLimit,
                                 Optional<String> cellId, PinnedHosts pinnedHosts, Optional<WorkerShare> share) {
    /** Reads the settings the harness passed ({@link SimulationLaunch}), failing with the name of the first missing one. */
    public static SimulationSettings fromSystemProperties() {
        SimulationLaunch launch = SimulationLaunch.fromSystemProperties();
        return new SimulationSettings(launch.profile(), launch.runDir(), launch.targetUrls(), launch.durationLimit(),
                launch.cellId(), PinnedHosts.decode(launch.pinnedHosts()), launch.share());
    }

    /** The cell this simulation plays, found in the profile's experiment by its id. */
    public Optional<io.soakrig.profile.ExperimentSpec.Cell> cell(Profile profile) {
        return cellId.map(id -> profile.experiment().matrix().stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no experiment cell '" + id + "' in " + this.profile)));
    }
}
