package io.soakrig.harness.process;

import io.soakrig.profile.PinnedHosts;
import io.soakrig.profile.Profile;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Gatling load generator in its own JVM, started through Gatling's public main class.
 *
 * <p>Gatling reaches out to the internet in three ways; all are off here so that a run sends no
 * packet beyond its targets: the HTTP warm-up request (off in the simulation's protocol and in
 * {@code gatling.conf}), usage analytics (off in {@code gatling.conf} and by system property),
 * and the version check, which has no switch and is sent into a dead loopback HTTPS proxy.
 *
 * <p>The targets' host names are not resolved in this JVM: the addresses the harness checked are
 * handed over ({@link PinnedHosts#PROPERTY}) and the simulation gives them to Gatling as fixed
 * aliases, so the load goes where the check said it may.
 */
public final class SimulationProcess {
    static final String GATLING_MAIN = "io.gatling.app.Gatling";
    static final String SIMULATION = "io.soakrig.simulations.SoakSimulation";

    private SimulationProcess() {
    }

    /**
     * Starts the simulation for a profile.
     *
     * @param profileFile   the profile (the run directory's copy)
     * @param runDir        where the latency log and Gatling's report land
     * @param targetUrls    per traffic target (the profile's order), the base URLs of its instances;
     *                      passed as the simulation's settings read them: instances joined by ',',
     *                      targets by ';'
     * @param pinned        the checked addresses of the targets' host names
     * @param durationLimit cut of the schedule, if any
     * @param cell          the experiment cell to play (its policy, its failure level, its length), or null
     */
    public static ChildProcess start(Path profileFile, Path runDir, List<List<URI>> targetUrls, PinnedHosts pinned, Duration durationLimit,
                                     io.soakrig.profile.ExperimentSpec.Cell cell) throws IOException {
        List<String> jvm = new ArrayList<>(List.of(
                "-Xms256m", "-Xmx1g",
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "-Dgatling.data.enableAnalytics=false",
                "-Dgatling.http.warmUpUrl=",
                "-Dhttps.proxyHost=127.0.0.1", "-Dhttps.proxyPort=9",
                "-Djava.util.prefs.userRoot=" + runDir.resolve("prefs"),
                "-Dsoakrig.profile=" + profileFile,
                "-Dsoakrig.runDir=" + runDir,
                "-D" + PinnedHosts.PROPERTY + "=" + pinned.encode(),
                "-Dsoakrig.targetUrls=" + String.join(";", targetUrls.stream()
                        .map(urls -> String.join(",", urls.stream().map(URI::toString).toList())).toList())));
        if (durationLimit != null) {
            jvm.add("-Dsoakrig.durationLimitSeconds=" + durationLimit.toSeconds());
        }
        if (cell != null) {
            jvm.add("-Dsoakrig.cell=" + cell.id());
        }
        return ChildProcess.start(List.of(), GATLING_MAIN, jvm,
                List.of("--simulation", SIMULATION,
                        "--results-folder", runDir.resolve("gatling").toString(),
                        "--run-description", "soakrig"),
                Map.of(), runDir.resolve("logs").resolve("gatling.log"));
    }
}
