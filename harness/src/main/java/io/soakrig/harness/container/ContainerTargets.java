package io.soakrig.harness.container;

import io.soakrig.contract.events.RunEventLog;
import io.soakrig.harness.process.ChildProcess;
import io.soakrig.harness.process.TargetStartException;
import io.soakrig.harness.sampling.MemorySource;
import io.soakrig.harness.supervision.CrashLoopBackOff;
import io.soakrig.profile.ContainerSpec;
import io.soakrig.profile.Profile;
import io.soakrig.profile.RestartSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every container target of a profile, running, with what keeps them from outliving the harness:
 * before the first start, the containers of harness processes that died earlier are swept away;
 * while they run, a {@link ContainerReaper} child removes them if the harness dies; and
 * {@link #close()} (also run by the harness's shutdown hook on SIGINT/SIGTERM) removes them, and
 * then the run's network, on which they reach each other by target name.
 * A profile without container targets touches no engine.
 */
public final class ContainerTargets implements AutoCloseable {
    /** How long a container may take to pass its health wait. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Map<String, ContainerTarget> targets = new LinkedHashMap<>();
    private ContainerEngine engine;
    private String network;
    private ChildProcess reaper;

    private static final Logger LOG = LoggerFactory.getLogger(ContainerTargets.class);

    private ContainerTargets() {
    }

    /**
     * Starts {@code profile}'s container targets; on failure removes what it started and rethrows.
     *
     * @param logDir where the reaper's log goes
     * @param events     where starts, exits, OOM kills and restarts are recorded
     * @param adminToken the run's admin token, for the containers with an admin port
     */
    public static ContainerTargets start(Profile profile, Path logDir, RunEventLog events, Duration startTimeout, String adminToken)
            throws IOException, InterruptedException, TargetStartException {
        ContainerTargets started = new ContainerTargets();
        Map<String, ContainerSpec> specs = new LinkedHashMap<>();
        profile.targets().forEach((name, t) -> {
            if (t.isContainer()) {
                specs.put(name, t.container());
            }
        });
        if (specs.isEmpty()) {
            return started;
        }
        try {
            ContainerEngine engine = ContainerEngine.connect();
            engine.sweepOrphans();
            started.reaper = ContainerReaper.start(logDir);
            started.engine = engine;
            started.network = engine.createNetwork();
            for (Map.Entry<String, ContainerSpec> e : specs.entrySet()) {
                RestartSpec restart = e.getValue().restart();
                ContainerTarget target = new ContainerTarget(e.getKey(), e.getValue(), engine,
                        new CrashLoopBackOff(profile.wall(restart.backoff()), profile.wall(restart.maxBackoff()),
                                profile.wall(restart.resetAfter())), startTimeout, events, started.network, adminToken);
                started.targets.put(e.getKey(), target);
                target.start();
            }
            return started;
        } catch (IOException | InterruptedException | TargetStartException | RuntimeException e) {
            started.close();
            throw e;
        }
    }

    /** Service URL of each container target. */
    public Map<String, URI> urls() {
        Map<String, URI> urls = new LinkedHashMap<>();
        targets.forEach((name, t) -> urls.put(name, t.url()));
        return urls;
    }

    /** The admin URL of each container target with an admin port, by target name. */
    public Map<String, URI> adminUrls() {
        Map<String, URI> urls = new LinkedHashMap<>();
        targets.forEach((name, t) -> {
            if (t.adminUrl() != null) {
                urls.put(name, t.adminUrl());
            }
        });
        return urls;
    }

    /** A memory source per container target. */
    public List<MemorySource> memorySources(HttpClient http) {
        List<MemorySource> sources = new ArrayList<>();
        targets.forEach((name, t) -> sources.add(new ContainerMemorySource(name, t, http)));
        return sources;
    }

    /** Removes every container and the run's network, then stops the reaper. */
    @Override
    public void close() {
        targets.values().forEach(ContainerTarget::close);
        if (network != null) {
            try {
                engine.removeNetwork(network);
            } catch (RuntimeException e) {
                LOG.warn("could not remove network {}: {}", network, e.getMessage());
            }
        }
        if (reaper != null) {
            reaper.stop(Duration.ofSeconds(2));
        }
    }
}
