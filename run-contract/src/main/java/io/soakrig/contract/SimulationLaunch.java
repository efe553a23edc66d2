package io.soakrig.contract;

import io.soakrig.contract.workers.WorkerShare;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What the harness hands the Gatling JVM: the JVM's options, Gatling's arguments, and soakrig's
 * settings as system properties — Gatling instantiates simulations itself through a no-argument
 * constructor, so system properties are the only channel. The harness builds the command line
 * from this record ({@link #jvmOptions()}, {@link #gatlingArguments()}) and the simulation reads
 * it back ({@link #fromSystemProperties()}): one definition of every property's name and format.
 *
 * <p>Gatling reaches out to the internet in three ways; the options here turn all three off so
 * that a run sends no packet beyond its targets: the HTTP warm-up request (also off in the
 * simulation's protocol and {@code gatling.conf}), usage analytics, and the version check, which
 * has no switch and is sent into a dead loopback HTTPS proxy, with Java's preference cache kept
 * in the run directory instead of $HOME.
 *
 * @param profile       the profile file (already validated by the harness; loaded again by the simulation)
 * @param runDir        where the simulation writes its recordings and Gatling its report
 * @param targetUrls    per traffic target, in the profile's order, the base URLs of its instances;
 *                      written as instances joined by ',' and targets joined by ';'
 * @param durationLimit cut the profile's schedule at this length (whole seconds), if present
 * @param cellId        the experiment cell to play, if the profile is an experiment
 * @param pinnedHosts   the addresses the harness checked the targets' host names at, as
 *                      {@code PinnedHosts.encode()} writes them; empty when there are no names
 * @param simulation    the simulation class Gatling runs: soakrig's own ({@link #SIMULATION}, when null) or the
 *                      user's own (the profile's {@code traffic.simulation}), which reads the same settings
 * @param share         this generator's share of the plan when the load is spread over workers;
 *                      empty for the single generator, which plays all of it from its first arrival
 * @param gatlingFiles  whether Gatling writes its own {@code simulation.log} and HTML report: both grow
 *                      with the requests (27 bytes each on disk, and the report's time at the end), so
 *                      the harness turns them off for large plans ({@link #GATLING_WRITERS})
 */
public record SimulationLaunch(Path profile, Path runDir, List<List<URI>> targetUrls, Optional<Duration> durationLimit,
                               Optional<String> cellId, String pinnedHosts, String simulation, Optional<WorkerShare> share,
                               boolean gatlingFiles) {
    /** Gatling's public main class: the launch Gatling supports (in-process launch is internal API). */
    public static final String GATLING_MAIN = "io.gatling.app.Gatling";
    /** The simulation soakrig runs for a profile. */
    public static final String SIMULATION = "io.soakrig.simulations.SoakSimulation";
    /**
     * The security manager a user's own simulation runs under: it refuses every connection and name
     * look-up outside the run's traffic targets, and stops the JVM at the first one.
     */
    public static final String TARGET_GUARD = "io.soakrig.simulations.guard.TargetGuard";
    public static final String PROFILE = "soakrig.profile";
    public static final String RUN_DIR = "soakrig.runDir";
    public static final String TARGET_URLS = "soakrig.targetUrls";
    public static final String DURATION_LIMIT_SECONDS = "soakrig.durationLimitSeconds";
    public static final String CELL = "soakrig.cell";
    public static final String PINNED_HOSTS = "soakrig.pinnedHosts";
    public static final String SIMULATION_CLASS = "soakrig.simulation";
    public static final String SHARE = "soakrig.share";
    /**
     * Gatling's data writers as one system property, set to {@code console} alone: no {@code simulation.log},
     * and so no HTML report (Gatling builds it from that file). A list set from a system property
     * is spelt by index in Gatling's configuration library.
     */
    public static final String GATLING_WRITERS = "gatling.data.writers.0";
    private static final String CONSOLE_WRITER = "console";
    /** Where Gatling's version check goes to die: a loopback port nothing listens on. */
    public static final String DEAD_PROXY_HOST = "127.0.0.1";
    public static final int DEAD_PROXY_PORT = 9;
    private static final String INSTANCE_SEPARATOR = ",";
    private static final String TARGET_SEPARATOR = ";";

    public SimulationLaunch {
        if (profile == null || runDir == null) {
            throw new IllegalArgumentException("a simulation launch needs the profile and the run directory");
        }
        if (targetUrls == null || targetUrls.isEmpty() || targetUrls.stream().anyMatch(List::isEmpty)) {
            throw new IllegalArgumentException("a simulation launch needs at least one URL per traffic target");
        }
        targetUrls = targetUrls.stream().map(List::copyOf).toList();
        durationLimit = durationLimit == null ? Optional.empty() : durationLimit;
        cellId = cellId == null ? Optional.empty() : cellId;
        pinnedHosts = pinnedHosts == null ? "" : pinnedHosts;
        simulation = simulation == null ? SIMULATION : simulation;
        share = share == null ? Optional.empty() : share;
    }

    /** A launch with Gatling's own files on. */
    public SimulationLaunch(Path profile, Path runDir, List<List<URI>> targetUrls, Optional<Duration> durationLimit,
                            Optional<String> cellId, String pinnedHosts, String simulation, Optional<WorkerShare> share) {
        this(profile, runDir, targetUrls, durationLimit, cellId, pinnedHosts, simulation, share, true);
    }

    /** The launch of soakrig's own simulation as the single generator: the whole plan. */
    public SimulationLaunch(Path profile, Path runDir, List<List<URI>> targetUrls, Optional<Duration> durationLimit,
                            Optional<String> cellId, String pinnedHosts) {
        this(profile, runDir, targetUrls, durationLimit, cellId, pinnedHosts, SIMULATION, Optional.empty());
    }

    /**
     * The Gatling JVM's maximum heap, MiB. A pod or container that runs the load generator must
     * hold it with room to spare: a heap set above the memory limit is how the April 2025 Envoys
     * were OOM-killed at every restart, and what {@code soakrig audit} refuses in a deployment.
     */
    public static final int MAX_HEAP_MB = 1024;

    /** soakrig's settings, by system property name. */
    public Map<String, String> systemProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(PROFILE, profile.toString());
        properties.put(RUN_DIR, runDir.toString());
        properties.put(PINNED_HOSTS, pinnedHosts);
        properties.put(TARGET_URLS, String.join(TARGET_SEPARATOR, targetUrls.stream()
                .map(urls -> String.join(INSTANCE_SEPARATOR, urls.stream().map(URI::toString).toList())).toList()));
        durationLimit.ifPresent(limit -> properties.put(DURATION_LIMIT_SECONDS, Long.toString(limit.toSeconds())));
        cellId.ifPresent(id -> properties.put(CELL, id));
        properties.put(SIMULATION_CLASS, simulation);
        share.ifPresent(s -> properties.put(SHARE, s.encode()));
        return properties;
    }

    /**
     * The Gatling JVM's options: heap, the module opening Gatling needs, the outbound calls off, and
     * the settings. A user's own simulation runs under the {@link #TARGET_GUARD}, on Java's own
     * sockets (Netty's native transport connects in C, where no check of Java's can see it).
     *
     * <p>The heap's pages are touched at start ({@code -XX:+AlwaysPreTouch}, as Elasticsearch's
     * JVMs are): otherwise the committed heap becomes resident a page at a time as the collector
     * first uses each region, so the load generator takes page faults while it measures, and its
     * RSS climbs through a long soak though nothing is retained (an hour's self-soak without it:
     * +15 MiB, still rising at the end). Touched up front, what is left of the RSS's rise is the
     * JIT's code cache and metaspace settling in the first half hour. The cost, measured here:
     * about 0.3–0.8 s more start-up, and the whole initial heap resident at once (about 120 MiB more
     * than that hour's soak ever touched). The C heap is trimmed as the harness's own is
     * ({@link NativeHeapTrim}) where the JDK has the trimmer: the Gatling JVM runs on the JDK of the
     * JVM that starts it (the harness's, a worker's, a pod image's), so that JVM's version decides.
     */
    public List<String> jvmOptions() {
        return jvmOptions(Runtime.version());
    }

    /** The Gatling JVM's options on a JDK of {@code version}. */
    List<String> jvmOptions(Runtime.Version version) {
        List<String> options = new ArrayList<>(List.of(
                "-Xms256m", "-Xmx" + MAX_HEAP_MB + "m", "-XX:+AlwaysPreTouch",
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "-Dgatling.data.enableAnalytics=false",
                "-Dgatling.http.warmUpUrl=",
                "-Dhttps.proxyHost=" + DEAD_PROXY_HOST, "-Dhttps.proxyPort=" + DEAD_PROXY_PORT,
                "-Djava.util.prefs.userRoot=" + layout().prefs()));
        options.addAll(NativeHeapTrim.options(version));
        if (!gatlingFiles) {
            options.add("-D" + GATLING_WRITERS + "=" + CONSOLE_WRITER);
        }
        if (ownSimulation()) {
            options.addAll(List.of("-Djava.security.manager=" + TARGET_GUARD,
                    "-Dgatling.netty.useNativeTransport=false", "-Dgatling.netty.useIoUring=false", "-Dio.netty.transport.noNative=true"));
        }
        systemProperties().forEach((name, value) -> options.add("-D" + name + "=" + value));
        return options;
    }

    /** Whether the simulation is the user's own rather than soakrig's. */
    public boolean ownSimulation() {
        return !SIMULATION.equals(simulation);
    }

    /** Gatling's own arguments: which simulation, and its report inside the run directory. */
    public List<String> gatlingArguments() {
        return List.of("--simulation", simulation,
                "--results-folder", layout().gatlingResults().toString(),
                "--run-description", "soakrig");
    }

    /** Where the Gatling JVM's output goes. */
    public Path log() {
        return layout().gatlingLog();
    }

    /** The run directory's layout. */
    public RunLayout layout() {
        return RunLayout.of(runDir);
    }

    /** Reads the settings from this JVM's system properties. */
    public static SimulationLaunch fromSystemProperties() {
        return fromProperties(System::getProperty);
    }

    /**
     * Reads the settings from {@code property} (a property's value by name, null when unset),
     * failing with the name of the first missing one.
     */
    public static SimulationLaunch fromProperties(UnaryOperator<String> property) {
        String limit = property.apply(DURATION_LIMIT_SECONDS);
        String share = property.apply(SHARE);
        return new SimulationLaunch(
                Path.of(required(property, PROFILE)),
                Path.of(required(property, RUN_DIR)),
                Arrays.stream(required(property, TARGET_URLS).split(TARGET_SEPARATOR))
                        .map(target -> Arrays.stream(target.split(INSTANCE_SEPARATOR)).map(URI::create).toList()).toList(),
                limit == null ? Optional.empty() : Optional.of(Duration.ofSeconds(Long.parseLong(limit))),
                Optional.ofNullable(property.apply(CELL)),
                property.apply(PINNED_HOSTS), property.apply(SIMULATION_CLASS),
                Optional.ofNullable(share).map(WorkerShare::decode),
                !CONSOLE_WRITER.equals(property.apply(GATLING_WRITERS)));
    }

    private static String required(UnaryOperator<String> property, String name) {
        String value = property.apply(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is required; soakrig's harness sets it");
        }
        return value;
    }
}
