package io.soakrig.harness.cli;

import io.soakrig.harness.ExitCodes;
import io.soakrig.harness.run.ProgressDisplay;
import io.soakrig.harness.run.RunDirectory;
import io.soakrig.harness.redis.RedisServer;
import io.soakrig.harness.run.SoakRun;
import io.soakrig.harness.run.SpaceReserve;
import io.soakrig.harness.process.SimulationClasspath;
import io.soakrig.harness.run.TargetPolicy;
import io.soakrig.harness.workers.LocalFleet;
import io.soakrig.harness.workers.WorkerFleet;
import io.soakrig.profile.ProcessMemory;
import io.soakrig.profile.Profile;
import io.soakrig.profile.ProfileException;
import io.soakrig.profile.ProfileLoader;
import io.soakrig.profile.RedisTarget;
import io.soakrig.profile.UrlTarget;
import java.io.IOException;
import java.io.PrintWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetAddress;
import java.net.URI;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import io.soakrig.harness.metrics.LiveMetrics;
import io.soakrig.harness.metrics.MetricsPush;
import io.soakrig.harness.metrics.MetricsServer;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code soakrig run PROFILE}: validate everything that can be validated, then start the
 * targets, drive the traffic and judge. Invalid input exits 2 before any process is started.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs a soak profile against its targets and judges the result.")
class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PROFILE", description = "The profile YAML file, e.g. soak-profiles/smoke.yaml.")
    Path profileFile;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Run directory (default reports/<profile>-<timestamp>); must be new or empty.")
    Path out;

    @Option(names = "--duration", paramLabel = "SECONDS",
            description = "Cut the profile's arrival schedule at this many seconds (e.g. for CI).")
    Long durationSeconds;

    @Option(names = "--cells", paramLabel = "ID", split = ",",
            description = "In an experiment, play only these cells (ids as the table and cells/ name them).")
    List<String> cells = new ArrayList<>();

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve the run's live metrics as Prometheus text on http://127.0.0.1:PORT/metrics while it runs (off by default).")
    Integer metricsPort;

    @Option(names = "--otlp-endpoint", paramLabel = "URL",
            description = "Also push the live metrics every 10 s over OTLP (http/protobuf) to URL, e.g. http://127.0.0.1:4318,"
                    + " and once more at the end (off by default).")
    String otlpEndpoint;

    @Option(names = "--allow-host", paramLabel = "HOST",
            description = "Allow traffic to this non-loopback host (name or address); repeatable.")
    List<String> allowHosts = new ArrayList<>();

    @Option(names = "--classpath", paramLabel = "PATH",
            description = "Jars and class directories (separated as in java -cp) holding the simulation the profile's"
                    + " traffic.simulation names; added after soakrig's own classes.")
    String classpath;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "1",
            description = "Spread the load over N local worker processes (1..64), merged exactly; default 1.")
    int workers;

    private Path runPath;
    private LocalFleet placed;

    @Option(names = "--coordinator-bind", paramLabel = "ADDR",
            description = "With --workers: the address of this machine the workers' coordinator listens on (default loopback);"
                    + " another address makes it reachable from that network, still only with the run's token.")
    String coordinatorBind;

    @Option(names = "--worker-launcher", paramLabel = "WORDS",
            description = "With --workers: command words each worker is started through, " + LocalFleet.INDEX
                    + " standing for its share, e.g. 'ip netns exec ns" + LocalFleet.INDEX + "'.")
    String workerLauncher;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        SimulationClasspath simulationClasspath;
        try {
            simulationClasspath = classpath == null ? SimulationClasspath.NONE : SimulationClasspath.parse(classpath);
        } catch (IllegalArgumentException e) {
            err.println("soakrig: --classpath: " + e.getMessage() + "; nothing was started.");
            return ExitCodes.INVALID_INPUT;
        }
        Profile profile;
        try {
            profile = new ProfileLoader().load(profileFile, simulationClasspath::check);
        } catch (ProfileException e) {
            err.println("soakrig: invalid profile; nothing was started.");
            e.problems().forEach(p -> err.println("  " + p));
            return ExitCodes.INVALID_INPUT;
        }
        try {
            placed = localFleet();
        } catch (IllegalArgumentException e) {
            err.println("soakrig: " + e.getMessage() + "; nothing was started");
            return ExitCodes.INVALID_INPUT;
        }
        if (workers > 1 && (profile.experiment() != null || profile.incident() != null || profile.traffic().ownSimulation())) {
            err.println("soakrig: --workers " + workers + ": " + profileFile + (profile.experiment() != null ? " is an experiment"
                    : profile.incident() != null ? " declares an incident" : " names its own traffic.simulation")
                    + ", which plays on one generator; nothing was started");
            return ExitCodes.INVALID_INPUT;
        }
        Duration limit = null;
        if (durationSeconds != null) {
            if (durationSeconds <= 0) {
                err.println("soakrig: --duration must be a positive number of seconds, was " + durationSeconds);
                return ExitCodes.INVALID_INPUT;
            }
            limit = Duration.ofSeconds(durationSeconds);
            profile = profile.truncatedTo(limit);
        }
        if (metricsPort != null && (metricsPort < 1 || metricsPort > 65_535)) {
            err.println("soakrig: --metrics-port must be a port number 1..65535, was " + metricsPort);
            return ExitCodes.INVALID_INPUT;
        }
        URI otlp = null;
        if (otlpEndpoint != null) {
            try {
                otlp = MetricsPush.endpoint(otlpEndpoint);
            } catch (IllegalArgumentException e) {
                err.println("soakrig: --otlp-endpoint " + otlpEndpoint + ": " + e.getMessage() + "; nothing was started.");
                return ExitCodes.INVALID_INPUT;
            }
            if (new TargetPolicy(allowHosts).admit(URI.create("http://" + otlp.getRawAuthority() + "/"))
                    instanceof TargetPolicy.Admission.Refused refused) {
                err.println("soakrig: --otlp-endpoint " + otlpEndpoint + ": " + refused.reason() + "; nothing was started.");
                return ExitCodes.INVALID_INPUT;
            }
        }
        if (!cells.isEmpty()) {
            List<String> ids = profile.experiment() == null ? List.of()
                    : profile.experiment().matrix().stream().map(io.soakrig.profile.ExperimentSpec.Cell::id).toList();
            List<String> unknown = cells.stream().filter(c -> !ids.contains(c)).toList();
            if (!unknown.isEmpty()) {
                err.println("soakrig: --cells " + unknown + (ids.isEmpty() ? ": " + profileFile + " is not an experiment"
                        : " names no cell of " + profileFile + "; its cells are " + ids) + "; nothing was started.");
                return ExitCodes.INVALID_INPUT;
            }
            profile = profile.withCells(cells);
        }
        TargetPolicy.Decision allowed = new TargetPolicy(allowHosts).check(profile);
        List<String> refused = new ArrayList<>(allowed.violations());
        profile.targets().forEach((name, t) -> {
            if (t instanceof RedisTarget && RedisServer.locate(System.getenv("PATH")).isEmpty()) {
                refused.add("target " + name + ": " + RedisServer.notInstalled());
            }
            if (t instanceof UrlTarget url && url.memory() instanceof ProcessMemory process && ProcessHandle.of(process.pid()).isEmpty()) {
                refused.add("target " + name + " memory source: process " + process.pid() + " is not running");
            }
        });
        if (!refused.isEmpty()) {
            err.println("soakrig: target not allowed or not there; nothing was started.");
            refused.forEach(r -> err.println("  " + r));
            return ExitCodes.INVALID_INPUT;
        }
        WorkerFleet fleet = fleet(profile, limit, err);
        if (fleet == null) {
            return ExitCodes.INVALID_INPUT;
        }
        ProgressDisplay display = ProgressDisplay.forTerminal(err);
        LiveMetrics metrics = new LiveMetrics();
        PrometheusRegistry registry = metrics.registry();
        MetricsServer server = null;
        if (metricsPort != null) {
            try {
                server = MetricsServer.start(metricsPort, registry);
            } catch (IOException e) {
                err.println("soakrig: --metrics-port " + metricsPort + ": cannot listen on 127.0.0.1:" + metricsPort + " ("
                        + e.getMessage() + "); nothing was started.");
                return ExitCodes.INVALID_INPUT;
            }
        }
        boolean ended = false;
        try {
            MetricsPush push = null;
            if (otlp != null) {
                try {
                    push = MetricsPush.start(otlp, registry, profile.name() + "-" + ProcessHandle.current().pid(), MetricsPush.INTERVAL,
                            display::message);
                } catch (IllegalStateException e) {
                    err.println("soakrig: --otlp-endpoint " + otlpEndpoint + ": " + e.getMessage() + "; nothing was started.");
                    return ExitCodes.INVALID_INPUT;
                }
            }
            try {
                int exit = run(profile, limit, allowed, simulationClasspath, fleet, metrics, server, display, err);
                ended = true;
                return exit;
            } finally {
                if (push != null) {
                    push.close();
                }
            }
        } finally {
            if (server != null) {
                if (ended) {
                    server.closeOnceScraped(MetricsServer.FINAL_SCRAPE_WITHIN);
                } else {
                    server.close();
                }
            }
        }
    }

    private int run(Profile profile, Duration limit, TargetPolicy.Decision allowed, SimulationClasspath simulationClasspath,
                    WorkerFleet fleet, LiveMetrics metrics, MetricsServer server, ProgressDisplay display, PrintWriter err)
            throws IOException, InterruptedException {
        Path runPath = runPath(profile);
        RunDirectory dir;
        try {
            dir = RunDirectory.create(runPath);
        } catch (IOException e) {
            err.println("soakrig: " + unusable(out != null ? "--out " + out : "run directory " + runPath, runPath, e));
            return SpaceReserve.isDiskFull(e) ? ExitCodes.NO_VERDICT : ExitCodes.INVALID_INPUT;
        }
        err.println("[soakrig] running " + profile.name() + " for " + (profile.experiment() != null
                ? profile.experiment().cells().size() + " cells of " + profile.experiment().cell().toSeconds() + " s"
                : profile.plannedDuration().toSeconds() + " s")
                + (profile.timeCompression() == 1.0 ? "" : String.format(java.util.Locale.ROOT, " (%s of profile time at %.0fx)",
                        profile.plannedProfileDuration().toString().substring(2).toLowerCase(java.util.Locale.ROOT), profile.timeCompression()))
                + "; run directory " + dir.root()
                + (server == null ? "" : "; live metrics on http://127.0.0.1:" + server.port() + MetricsServer.PATH)
                + (otlpEndpoint == null ? "" : "; pushed over OTLP to " + otlpEndpoint));
        err.flush();
        PrintWriter out = spec.commandLine().getOut();
        try {
            return new SoakRun(profile, profileFile, dir, limit, allowed.pinned(), simulationClasspath, display,
                    summary -> VerdictPrinter.print(out, summary, dir.root()), fleet, metrics).execute().exitCode();
        } catch (SoakRun.NotStartedException e) {
            err.println("soakrig: " + e.getMessage());
            return ExitCodes.NO_VERDICT;
        } catch (IOException e) {
            err.println("soakrig: the run in " + dir.root() + " could not be judged: " + e.getMessage());
            return ExitCodes.NO_VERDICT;
        }
    }

    /**
     * The workers the load is spread over: {@code --workers} local processes, placed by
     * {@code --coordinator-bind} and {@code --worker-launcher}. Called once the
     * profile and flags are valid, before anything starts; null after one line on {@code err}
     * saying why they cannot be (the run then exits 2 with nothing started).
     *
     * @param limit the {@code --duration} cut, or null
     */
    WorkerFleet fleet(Profile profile, Duration limit, PrintWriter err) {
        return placed;
    }

    /** The run directory: {@code --out}, or a new one under {@code reports/} named for the profile and the first time asked. */
    Path runPath(Profile profile) {
        if (runPath == null) {
            runPath = out != null ? out : RunDirectory.defaultFor(SoakrigCli.reportsRoot(), profile.name(), LocalDateTime.now());
        }
        return runPath;
    }

    /**
     * The workers as the flags place them. The coordinator's address must be one of this machine's
     * (a typo would otherwise only show as workers that never register), and both placement flags
     * need workers to place.
     */
    LocalFleet localFleet() {
        if (workers < 2 && (coordinatorBind != null || workerLauncher != null)) {
            throw new IllegalArgumentException((coordinatorBind != null ? "--coordinator-bind" : "--worker-launcher")
                    + " places the workers of --workers N (N > 1), was --workers " + workers);
        }
        InetAddress bind = InetAddress.getLoopbackAddress();
        if (coordinatorBind != null) {
            try {
                bind = InetAddress.getByName(coordinatorBind);
                if (!bind.isAnyLocalAddress() && NetworkInterface.getByInetAddress(bind) == null) {
                    throw new IllegalArgumentException("--coordinator-bind " + coordinatorBind + " (" + bind.getHostAddress()
                            + ") is not an address of this machine");
                }
            } catch (UnknownHostException | SocketException e) {
                throw new IllegalArgumentException("--coordinator-bind " + coordinatorBind + " is not an address: " + e.getMessage(), e);
            }
        }
        List<String> launcher = workerLauncher == null || workerLauncher.isBlank() ? List.of() : List.of(workerLauncher.strip().split("\\s+"));
        return new LocalFleet(workers, bind, launcher);
    }

    /**
     * Why a run directory cannot be created, in words: the JDK's file-system exceptions often say
     * only the path ({@code FileAlreadyExistsException: reports}), not what is wrong with it.
     */
    private static String unusable(String what, Path runPath, IOException e) {
        if (e instanceof FileAlreadyExistsException) {
            return what + " is a file, not a directory; name a new or empty directory";
        }
        if (e instanceof AccessDeniedException denied) {
            return what + ": permission denied on " + denied.getFile();
        }
        if (e instanceof FileSystemException fs) {
            for (Path p = runPath.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
                if (Files.exists(p) && !Files.isDirectory(p)) {
                    return what + ": " + p + " is a file, so no directory can be created in it";
                }
            }
            return what + ": cannot create it: " + (fs.getReason() != null ? fs.getReason() : e.getClass().getSimpleName());
        }
        return e.getMessage();
    }
}
