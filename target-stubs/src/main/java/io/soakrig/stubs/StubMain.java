package io.soakrig.stubs;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.soakrig.contract.StubReady;
import io.soakrig.profile.StubLaunch;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.ResourceLeakDetector;
import io.soakrig.profile.StubRole;
import io.soakrig.stubs.admin.AdminHandler;
import io.soakrig.stubs.perimeter.Perimeter;
import io.soakrig.stubs.perimeter.filters.UserTierFilter;
import io.soakrig.stubs.faults.Faults;
import io.soakrig.stubs.roles.Roles;
import io.soakrig.stubs.service.RequestWorkers;
import io.soakrig.stubs.service.ServiceHandler;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs one target stub in this JVM: its service port, its admin port, and nothing else, so that
 * the memory the process holds is the stub's own.
 *
 * <p>The stub is configured by a launch file ({@link StubLaunch}, JSON) the harness writes from
 * the validated profile. Once both ports are bound their numbers are written to the ready file
 * (atomically, as Java properties): the harness's signal that the stub is up. The admin token
 * comes from the environment variable {@value #TOKEN_ENV} so it never shows in a process listing;
 * without it a token is generated and logged, for manual use. The password of the Redis an auth
 * keeps its sessions in comes from {@value #REDIS_PASSWORD_ENV} for the same reason, and so that
 * it is never written into the run directory with the launch file.
 *
 * <p>Run as a container ({@code --in-container}, the entrypoint of soakrig's stub image) there is no
 * file to hand over: the launch comes as JSON in the environment variable {@value #LAUNCH_ENV} (its
 * ports, fixed inside the container, are the ones the engine publishes), and the stub listens on
 * every address of the container's own network namespace, which the host reaches only through
 * the engine's publishing on 127.0.0.1. Outside a container a stub listens on 127.0.0.1 only.
 *
 * <p>Exit codes: 0 stopped, 2 unusable launch file, {@value #PORT_IN_USE} a port is in use.
 */
@Command(name = "soakrig-stub", mixinStandardHelpOptions = true,
        description = "Runs one soakrig target stub on 127.0.0.1 (or, --in-container, in a container's own network).")
public final class StubMain implements Callable<Integer> {
    public static final String TOKEN_ENV = "SOAKRIG_ADMIN_TOKEN";
    public static final String REDIS_PASSWORD_ENV = "SOAKRIG_REDIS_PASSWORD";
    /** The launch, as JSON, of a stub run as a container. */
    public static final String LAUNCH_ENV = "SOAKRIG_STUB_LAUNCH";
    public static final int PORT_IN_USE = 4;
    private static final Logger LOG = LoggerFactory.getLogger(StubMain.class);

    private final Map<String, String> environment;

    private StubMain(Map<String, String> environment) {
        this.environment = environment;
    }

    @Option(names = "--launch", description = "The launch file (JSON) written by the harness.")
    Path launchFile;

    @Option(names = "--in-container", description = "Run as a container: the launch from $" + LAUNCH_ENV
            + ", listening on every address of the container's own network namespace.")
    boolean inContainer;

    @Option(names = "--ready-file", description = "Where to write the bound ports once the stub is up.")
    Path readyFile;

    /**
     * Runs a stub as its own process. Netty's leak detector is off there unless
     * {@code -Dio.netty.leakDetection.level} asks for it: it records a stack trace for a sample of
     * buffers, CPU a stub under load should spend on its traffic; the tests run with it on.
     */
    public static void main(String[] args) {
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        System.exit(run(args));
    }

    /** Runs a stub until it is stopped, configured by this process's environment; the exit code. */
    public static int run(String[] args) {
        return run(args, System.getenv());
    }

    /**
     * Runs a stub until it is stopped; the exit code. For callers that embed a stub in their own
     * process: {@code environment} stands for the process environment a stub of its own would
     * have been given ({@value #TOKEN_ENV}, {@value #REDIS_PASSWORD_ENV}).
     */
    public static int run(String[] args, Map<String, String> environment) {
        return new CommandLine(new StubMain(Map.copyOf(environment))).execute(args);
    }

    @Override
    public Integer call() throws Exception {
        StubLaunch launch;
        String inline = environment.get(LAUNCH_ENV);
        if (inContainer == (launchFile != null)) {
            LOG.error("give exactly one of --launch FILE or --in-container (with ${})", LAUNCH_ENV);
            return 2;
        }
        try {
            if (inContainer && (inline == null || inline.isBlank())) {
                LOG.error("--in-container needs the launch in ${}", LAUNCH_ENV);
                return 2;
            }
            launch = inContainer ? StubLaunch.parse(inline) : StubLaunch.read(launchFile);
        } catch (IOException e) {
            LOG.error("cannot read launch {}: {}", inContainer ? "$" + LAUNCH_ENV : "file " + launchFile, e.getMessage());
            return 2;
        }
        StubServer.Bind bind = inContainer ? StubServer.Bind.ANY : StubServer.Bind.LOOPBACK;
        String token = environment.get(TOKEN_ENV);
        if (token == null || token.isEmpty()) {
            token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
            LOG.warn("{} not set; admin token for this stub is {}", TOKEN_ENV, token);
        }
        StubMetrics metrics = new StubMetrics();
        Faults faults = new Faults(launch.spec().faults(), System::nanoTime, Roles.threadLocalRandom());
        GaugeWithCallback.builder().name("soakrig_fault_leaked_bytes").help("Bytes retained by the leak fault")
                .callback(cb -> cb.call(faults.leakedBytes())).register(metrics.registry());
        RequestWorkers workers = new RequestWorkers(launch.spec().workers(), 4 * launch.spec().workers());
        Perimeter perimeter = launch.spec().role() == StubRole.PERIMETER
                ? new Perimeter(launch, metrics, Roles.threadLocalRandom(), UserTierFilter.ABORT_PROCESS) : null;
        ChannelInitializer<SocketChannel> pipeline = perimeter != null ? perimeter.initializer()
                : new HttpPipeline(new ServiceHandler(Roles.behaviour(launch, environment.get(REDIS_PASSWORD_ENV), metrics), faults, workers, metrics));
        try (StubServer serving = perimeter != null ? StubServer.start(bind, launch.port(), perimeter.eventLoops(), pipeline)
                : StubServer.start(bind, launch.port(), 2, pipeline);
             StubServer admin = StubServer.start(bind, launch.adminPort(), 1, new HttpPipeline(new AdminHandler(metrics, token, perimeter == null ? null : perimeter.filters())))) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                serving.close();
                admin.close();
                workers.shutdownNow();
                if (perimeter != null) {
                    perimeter.close();
                }
            }, "stub-shutdown"));
            LOG.info("{} {} (instance {} of target {}) serving on {}, admin on {}",
                    launch.spec().role().id(), launch.spec().version(), launch.instance(), launch.target(),
                    bind.display(serving.port()), bind.display(admin.port()));
            if (readyFile != null) {
                announce(readyFile, serving.port(), admin.port());
            }
            serving.awaitClose();
        } catch (BindException e) {
            LOG.error("port in use: {}", e.getMessage());
            return PORT_IN_USE;
        }
        return 0;
    }

    private static void announce(Path readyFile, int port, int adminPort) throws IOException {
        new StubReady(port, adminPort, ProcessHandle.current().pid()).write(readyFile);
    }
}
