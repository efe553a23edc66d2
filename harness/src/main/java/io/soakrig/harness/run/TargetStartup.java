package io.soakrig.harness.run;

import io.soakrig.contract.events.RunEventLog;
import io.soakrig.contract.memory.MemorySampleLog;
import io.soakrig.harness.container.ContainerTargets;
import io.soakrig.harness.process.TargetStartException;
import io.soakrig.harness.redis.RedisEndpoint;
import io.soakrig.harness.sampling.MemorySource;
import io.soakrig.harness.sampling.ProcessRssSource;
import io.soakrig.harness.sampling.PrometheusSource;
import io.soakrig.harness.sampling.RedisMemorySource;
import io.soakrig.harness.sampling.StubAdminSource;
import io.soakrig.harness.supervision.MemoryLimits;
import io.soakrig.harness.supervision.Topology;
import io.soakrig.profile.PinnedHosts;
import io.soakrig.profile.Profile;
import io.soakrig.profile.ProcessMemory;
import io.soakrig.profile.PrometheusMemory;
import io.soakrig.profile.RedisUrlTarget;
import io.soakrig.profile.TargetSpec;
import io.soakrig.profile.UrlTarget;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Brings a profile's targets up before any traffic: starts its stubs and Redis servers (each under
 * its memory limit and restart policy) and its containers, checks that each {@code redis://}
 * target answers and each URL target accepts connections at the address its host was checked at,
 * and puts them all under watch ({@link Stage}). A target that does not come up ends the run here,
 * with a {@link TargetStartException} naming it, and no traffic sent.
 */
final class TargetStartup {
    static final Duration STUB_START_TIMEOUT = Duration.ofSeconds(30);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    /** Told the targets of the run's first start-up, for the run's manifest. */
    interface Listener {
        void started(Targets targets) throws IOException;
    }

    private final String adminToken;
    private final MemoryLimits limits;
    private final PinnedHosts pinned;
    private final HttpClient http;
    private final RunEventLog events;
    private final MemorySampleLog samples;
    private final RunChildren children;
    private Listener firstStart;

    /**
     * @param adminToken the token the stubs' admin endpoints want
     * @param pinned     the addresses the URL targets' hosts were checked at
     * @param firstStart told once, of the first targets started
     */
    TargetStartup(String adminToken, MemoryLimits limits, PinnedHosts pinned, HttpClient http, RunEventLog events,
                  MemorySampleLog samples, RunChildren children, Listener firstStart) {
        this.adminToken = adminToken;
        this.limits = limits;
        this.pinned = pinned;
        this.http = http;
        this.events = events;
        this.samples = samples;
        this.children = children;
        this.firstStart = firstStart;
    }

    /**
     * Starts {@code started}'s targets and watches them; stub launch files and logs go under
     * {@code stubsDir}. The stubs and containers are the run's children from here on, stopped at
     * its end.
     */
    Stage start(Profile started, Path stubsDir) throws IOException, InterruptedException, TargetStartException {
        Map<String, List<URI>> urls = new LinkedHashMap<>();
        List<MemorySource> sampled = new ArrayList<>();
        Map<String, RedisEndpoint> attachedRedis = new LinkedHashMap<>();
        for (Map.Entry<String, TargetSpec> t : started.targets().entrySet()) {
            if (t.getValue() instanceof RedisUrlTarget redis) {
                attachedRedis.put(t.getKey(), attached(t.getKey(), redis.url()));
            }
        }
        Topology topology = Topology.start(started, stubsDir, adminToken, limits, events, STUB_START_TIMEOUT, attachedRedis);
        children.add(topology);
        Map<String, RedisEndpoint> redis = new LinkedHashMap<>(attachedRedis);
        redis.putAll(topology.redisEndpoints());
        redis.forEach((name, endpoint) -> {
            urls.put(name, List.of(URI.create(endpoint.display())));
            sampled.add(new RedisMemorySource(name, endpoint));
        });
        for (Topology.Instance stub : topology.instances()) {
            urls.computeIfAbsent(stub.target(), t -> topology.urls(t));
            sampled.add(new StubAdminSource(stub.label(), stub.metricsUrl(), adminToken, http));
        }
        ContainerTargets containers = ContainerTargets.start(started, stubsDir.resolve("logs"), events, ContainerTargets.START_TIMEOUT,
                adminToken);
        children.add(containers);
        containers.urls().forEach((name, url) -> urls.put(name, List.of(url)));
        sampled.addAll(containers.memorySources(http));
        for (Map.Entry<String, TargetSpec> t : started.targets().entrySet()) {
            if (t.getValue() instanceof UrlTarget url) {
                urls.put(t.getKey(), List.of(reachable(t.getKey(), url.url())));
                if (url.memory() instanceof ProcessMemory process) {
                    sampled.add(new ProcessRssSource(t.getKey(), process.pid()));
                } else if (url.memory() instanceof PrometheusMemory prometheus) {
                    sampled.add(new PrometheusSource(t.getKey(), pinned.pin(prometheus.prometheus()), prometheus.metric(),
                            prometheus.labels(), http));
                }
            }
        }
        Targets targets = new Targets(topology, containers, urls, sampled, started.trafficTargets().stream().map(urls::get).toList());
        if (firstStart != null) {
            firstStart.started(targets);
            firstStart = null;
        }
        return Stage.watch(targets, samples, adminToken, http, events);
    }

    /**
     * The Redis a {@code redis://} target names, at its checked address, once it answers
     * {@code PING} with the password given; else why not, before anything starts.
     */
    private RedisEndpoint attached(String name, URI url) throws TargetStartException {
        RedisEndpoint endpoint = RedisEndpoint.of(url, pinned.address(url).getAddress());
        String problem = endpoint.problem();
        if (problem != null) {
            throw new TargetStartException("target " + name + ": " + problem);
        }
        return endpoint;
    }

    /**
     * Fails fast, before any traffic, when a URL target does not accept connections at the address
     * its host was checked at.
     */
    private URI reachable(String name, URI url) throws TargetStartException {
        int port = url.getPort() >= 0 ? url.getPort() : 80;
        try (Socket socket = new Socket()) {
            socket.connect(pinned.address(url), (int) CONNECT_TIMEOUT.toMillis());
            return url;
        } catch (IOException e) {
            throw new TargetStartException("target " + name + " is unreachable at " + url.getHost() + ":" + port + ": " + e.getMessage());
        }
    }
}
