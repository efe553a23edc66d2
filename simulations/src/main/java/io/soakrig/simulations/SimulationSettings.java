package io.soakrig.simulations;

import io.soakrig.profile.PinnedHosts;
import io.soakrig.profile.Profile;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the harness tells a simulation JVM, as system properties: Gatling instantiates
 * simulations itself through a no-argument constructor, so this is the only channel.
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
 */
public record SimulationSettings(Path profile, Path runDir, List<List<URI>> targetUrls, Optional<Duration> durationLimit,
                                 Optional<String> cellId, PinnedHosts pinnedHosts) {
    public static final String PROFILE = "soakrig.profile";
    public static final String RUN_DIR = "soakrig.runDir";
    public static final String TARGET_URLS = "soakrig.targetUrls";
    public static final String DURATION_LIMIT_SECONDS = "soakrig.durationLimitSeconds";
    public static final String CELL = "soakrig.cell";

    /** Reads the settings, failing with the name of the first missing property. */
    public static SimulationSettings fromSystemProperties() {
        String limit = System.getProperty(DURATION_LIMIT_SECONDS);
        return new SimulationSettings(
                Path.of(required(PROFILE)),
                Path.of(required(RUN_DIR)),
                java.util.Arrays.stream(required(TARGET_URLS).split(";"))
                        .map(target -> java.util.Arrays.stream(target.split(",")).map(URI::create).toList()).toList(),
                limit == null ? Optional.empty() : Optional.of(Duration.ofSeconds(Long.parseLong(limit))),
                Optional.ofNullable(System.getProperty(CELL)),
                PinnedHosts.decode(System.getProperty(PinnedHosts.PROPERTY)));
    }

    /** The cell this simulation plays, found in the profile's experiment by its id. */
    public Optional<io.soakrig.profile.ExperimentSpec.Cell> cell(Profile profile) {
        return cellId.map(id -> profile.experiment().matrix().stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no experiment cell '" + id + "' in " + this.profile)));
    }

    private static String required(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is required; soakrig's harness sets it");
        }
        return value;
    }
}
