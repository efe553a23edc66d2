package io.soakrig.harness.container;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import io.soakrig.contract.events.EventDetail;
import io.soakrig.contract.events.RunEvent;
import io.soakrig.contract.events.RunEventLog;
import io.soakrig.harness.process.TargetStartException;
import io.soakrig.harness.supervision.CrashLoopBackOff;
import io.soakrig.harness.supervision.MemoryCgroup;
import io.soakrig.profile.ContainerSpec;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * One container target under supervision, as a pod's container under its kubelet: started from
 * the user's image with Testcontainers under the engine's memory limit, published on 127.0.0.1
 * only, watched, and — with restart policy {@code always} — started again after every exit on the
 * CrashLoopBackOff schedule, on the same host port so callers keep the address they know. Every
 * start, exit, OOM kill and scheduled restart is an event in the run's {@code events.jsonl}; the
 * engine is the enforcer of the limit, and its kill is read from the engine ({@code State.OOMKilled})
 * or, where the engine does not say, from the container cgroup's own counter ({@link MemoryCgroup}).
 * A dead container is removed before the next one starts; {@link #close()} removes the last.
 *
 * <p>On the run's network (when given) the container answers to its target name, so other
 * container targets reach it as {@code http://<name>:<port>}; a spec's {@code adminPort} is
 * published beside its service port, stable across restarts too, and the container is given the
 * run's admin token in {@value #TOKEN_ENV}.
 */
public final class ContainerTarget implements AutoCloseable {
    /** What enforces a container's limit, in events. */
    public static final String ENFORCER = "container-engine";
    static final int OOM_EXIT = 137;
    /** Where a container with an admin port finds the run's admin token (as a stub does). */
    static final String TOKEN_ENV = "SOAKRIG_ADMIN_TOKEN";
    private static final Logger LOG = LoggerFactory.getLogger(ContainerTarget.class);
    private static final long EXIT_POLL_MILLIS = 200;

    private final String name;
    private final ContainerSpec spec;
    private final ContainerEngine engine;
    private final CrashLoopBackOff backoff;
    private final Duration startTimeout;
    private final RunEventLog events;
    private final String network;
    private final String adminToken;
    private final Thread watcher;
    private volatile boolean stopping;
    private volatile GenericContainer<?> current;
    private volatile Integer hostPort;
    private volatile Integer hostAdminPort;
    private int starts;

    /**
     * @param name         the profile's name for the target
     * @param backoff      the restart delays, in wall-clock time
     * @param startTimeout how long a start may take to pass its health wait
     * @param events       where starts, exits, OOM kills and restarts are recorded
     * @param network      the run's network, joined under {@code name}, or null for the engine's default
     * @param adminToken   the run's admin token, given to a container with an admin port; null when it has none
     */
    public ContainerTarget(String name, ContainerSpec spec, ContainerEngine engine, CrashLoopBackOff backoff,
                           Duration startTimeout, RunEventLog events, String network, String adminToken) {
        this.name = name;
        this.spec = spec;
        this.engine = engine;
        this.backoff = backoff;
        this.startTimeout = startTimeout;
        this.events = events;
        this.network = network;
        this.adminToken = adminToken;
        this.watcher = new Thread(this::watch, "container-supervisor-" + name);
        this.watcher.setDaemon(true);
    }

    /**
     * Starts the container and its supervision.
     *
     * @return the service URL on 127.0.0.1
     * @throws TargetStartException with one line saying why (image missing, exited at start, never
     *                              healthy); nothing of it is left running
     */
    public URI start() throws TargetStartException {
        engine.requireImage(name, spec.image());
        current = launch();
        watcher.start();
        return url();
    }

    /** The service URL, stable across restarts. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + hostPort);
    }

    /** The admin URL on 127.0.0.1, stable across restarts, or null when the spec has no admin port. */
    public URI adminUrl() {
        return hostAdminPort == null ? null : URI.create("http://127.0.0.1:" + hostAdminPort);
    }

    /** The running container's id, or null between an exit and the restart. */
    public String containerId() {
        GenericContainer<?> c = current;
        return c == null ? null : c.getContainerId();
    }

    /** The memory limit in bytes, or null for none. */
    public Long limitBytes() {
        return spec.memoryLimitMb() == null ? null : spec.memoryLimitMb() * 1024L * 1024L;
    }

    ContainerEngine engine() {
        return engine;
    }

    ContainerSpec spec() {
        return spec;
    }

    private GenericContainer<?> launch() throws TargetStartException {
        starts++;
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(spec.image()))
                .withExposedPorts(ports())
                .withEnv(spec.env())
                .withLabels(ContainerEngine.ownerLabels(name))
                .withImagePullPolicy(image -> false)
                .withStartupAttempts(1)
                .waitingFor(new ReadyWait(spec.port(), spec.health()).withStartupTimeout(startTimeout))
                .withStartupCheckStrategy(new Started())
                .withCreateContainerCmdModifier(this::configure);
        if (spec.command() != null) {
            c.withCommand(spec.command().toArray(String[]::new));
        }
        if (spec.adminPort() != null) {
            c.withEnv(TOKEN_ENV, adminToken);
        }
        try {
            c.start();
        } catch (RuntimeException e) {
            String why = whyNotStarted(e);
            removeQuietly(c);
            throw new TargetStartException("target " + name + " (container " + spec.image() + ") did not start: " + why);
        }
        hostPort = c.getMappedPort(spec.port());
        if (spec.adminPort() != null) {
            hostAdminPort = c.getMappedPort(spec.adminPort());
        }
        event(new EventDetail.Started(pid(c), hostPort, limitBytes() == null ? -1 : limitBytes(),
                limitBytes() == null ? "none" : ENFORCER, c.getContainerId()));
        return c;
    }

    private Integer[] ports() {
        return spec.adminPort() == null ? new Integer[] {spec.port()} : new Integer[] {spec.port(), spec.adminPort()};
    }

    /**
     * Publishes on 127.0.0.1 only (Testcontainers would publish on every interface), on the run's
     * network under the target's name, under the limits.
     */
    private void configure(CreateContainerCmd cmd) {
        HostConfig host = cmd.getHostConfig();
        List<PortBinding> bindings = new ArrayList<>();
        bindings.add(new PortBinding(loopback(hostPort), ExposedPort.tcp(spec.port())));
        if (spec.adminPort() != null) {
            bindings.add(new PortBinding(loopback(hostAdminPort), ExposedPort.tcp(spec.adminPort())));
        }
        host.withPublishAllPorts(false).withPortBindings(bindings);
        if (network != null) {
            host.withNetworkMode(network);
            cmd.withAliases(name);
        }
        if (limitBytes() != null) {
            host.withMemory(limitBytes()).withMemorySwap(limitBytes());
        }
        if (spec.cpus() != null) {
            host.withNanoCPUs(Math.round(spec.cpus() * 1e9));
        }
    }

    /** 127.0.0.1, on the port a previous start was given (a Service's address survives pod restarts). */
    private static Ports.Binding loopback(Integer port) {
        return port == null ? Ports.Binding.bindIp("127.0.0.1") : Ports.Binding.bindIpAndPort("127.0.0.1", port);
    }

    /** The line for a failed start: the wait's own, or the engine's refusal. */
    private static String whyNotStarted(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ReadyWait.NotReady) {
                return t.getMessage();
            }
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return ContainerEngine.firstLine(root.getMessage());
    }

    private void watch() {
        while (!stopping) {
            GenericContainer<?> running = current;
            String id = running.getContainerId();
            long startedAt = System.nanoTime();
            MemoryCgroup charged = MemoryCgroup.ofProcess(Long.toString(pid(running)))
                    .filter(MemoryCgroup::countsOomKills).orElse(null);
            CgroupWatch cgroup = CgroupWatch.start(charged, name);
            while (!stopping && isRunning(id)) {
                sleep(EXIT_POLL_MILLIS);
            }
            cgroup.stop();
            long oomKills = cgroup.oomKills();
            long peak = cgroup.peakBytes();
            if (stopping) {
                return;
            }
            Duration ranFor = Duration.ofNanos(System.nanoTime() - startedAt);
            InspectContainerResponse.ContainerState state = inspectOrNull(id);
            int exit = state == null || state.getExitCodeLong() == null ? -1 : state.getExitCodeLong().intValue();
            boolean engineSays = state != null && Boolean.TRUE.equals(state.getOOMKilled());
            boolean cgroupSays = exit == OOM_EXIT && oomKills > 0;
            Long pid = pid(running);
            Long limit = limitBytes();
            Long peakBytes = peak < 0 ? null : peak;
            if (engineSays || cgroupSays) {
                event(new EventDetail.OomKilled(pid, exit, ranFor.toMillis(),
                        engineSays ? ENFORCER : ENFORCER + " (cgroup oom_kill)", peakBytes, limit));
            } else {
                event(new EventDetail.Exited(pid, exit, ranFor.toMillis(), null, peakBytes, limit));
            }
            current = null;
            removeQuietly(running);
            if (!spec.restart().restarts() || !restartAfter(backoff.delayAfterExit(ranFor))) {
                return;
            }
        }
    }

    /** Waits out the delay and starts again, retrying on the back-off schedule; false when stopping. */
    private boolean restartAfter(Duration delay) {
        while (!stopping) {
            event(new EventDetail.RestartScheduled(delay.toMillis(), starts + 1));
            if (!sleep(delay.toMillis())) {
                return false;
            }
            try {
                GenericContainer<?> next = launch();
                synchronized (this) {
                    if (stopping) {
                        removeQuietly(next);
                        return false;
                    }
                    current = next;
                }
                return true;
            } catch (TargetStartException | RuntimeException e) {
                LOG.warn("restart of {} failed: {}", name, e.getMessage());
                event(new EventDetail.StartFailed(e.getMessage()));
                delay = backoff.delayAfterExit(Duration.ZERO);
            }
        }
        return false;
    }

    private boolean isRunning(String id) {
        InspectContainerResponse.ContainerState state = inspectOrNull(id);
        return state != null && Boolean.TRUE.equals(state.getRunning());
    }

    private InspectContainerResponse.ContainerState inspectOrNull(String id) {
        try {
            return engine.client().inspectContainerCmd(id).exec().getState();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Long pid(GenericContainer<?> c) {
        Long pid = c.getContainerInfo() == null ? null : c.getContainerInfo().getState().getPidLong();
        return pid == null ? -1L : pid;
    }

    private void removeQuietly(GenericContainer<?> c) {
        try {
            if (c.getContainerId() != null) {
                engine.remove(c.getContainerId());
            }
        } catch (RuntimeException e) {
            LOG.warn("could not remove container {} of {}: {}", c.getContainerId(), name, e.getMessage());
        }
    }

    /**
     * Startup counts as checked once the container runs: {@link ReadyWait} watches for an early
     * exit itself, and says it in the one line the user gets.
     */
    private static final class Started extends StartupCheckStrategy {
        @Override
        public StartupStatus checkStartupState(DockerClient client, String containerId) {
            return StartupStatus.SUCCESSFUL;
        }
    }

    private static boolean sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private void event(EventDetail detail) {
        events.write(new RunEvent(System.currentTimeMillis(), name, 0, detail));
    }

    /** Stops supervising and removes the container; nothing is restarted after this. */
    @Override
    public void close() {
        synchronized (this) {
            stopping = true;
        }
        watcher.interrupt();
        GenericContainer<?> running = current;
        if (running != null) {
            removeQuietly(running);
        }
        try {
            watcher.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
