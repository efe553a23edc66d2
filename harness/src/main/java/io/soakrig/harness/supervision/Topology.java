package io.soakrig.harness.supervision;

import io.soakrig.contract.events.RunEventLog;
import io.soakrig.contract.InstanceLabel;
import io.soakrig.harness.process.StubSecrets;
import io.soakrig.harness.process.TargetStartException;
import io.soakrig.harness.redis.RedisEndpoint;
import io.soakrig.harness.redis.RedisServer;
import io.soakrig.profile.Profile;
import io.soakrig.profile.RedisSpec;
import io.soakrig.profile.RedisTarget;
import io.soakrig.profile.StubLaunch;
import io.soakrig.profile.StubRole;
import io.soakrig.profile.RestartSpec;
import io.soakrig.profile.StubSpec;
import io.soakrig.profile.TargetSpec;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every stub and Redis target of a profile, running: started upstreams first (a stub learns its upstreams'
 * addresses at launch), each instance under its memory limit and restart policy.
 */
public final class Topology implements AutoCloseable {
    /**
     * One running stub instance: its index within its target, its label in memory samples, its
     * service and metrics URLs, and its role.
     */
    public record Instance(String target, int index, String label, URI url, URI metricsUrl, StubRole role) {
        /** A path on the instance's admin port, e.g. {@code /filters}. */
        public URI admin(String path) {
            return metricsUrl.resolve(path);
        }
    }

    private final List<SupervisedStub> stubs = new ArrayList<>();
    private final List<SupervisedRedis> redises = new ArrayList<>();
    private final Map<String, RedisEndpoint> redisEndpoints = new LinkedHashMap<>();
    private final List<Instance> instances = new ArrayList<>();
    private final Map<String, List<URI>> urls = new LinkedHashMap<>();
    private final Map<String, String> redisPasswords = new LinkedHashMap<>();

    private Topology() {
    }

    /**
     * Starts every stub and Redis target of {@code profile} (the Redis first: an auth keeps its
     * sessions there); on failure, stops what it started and rethrows.
     *
     * @param events        where starts, exits, OOM kills and restarts are recorded
     * @param attachedRedis the profile's {@code redis://} targets, already checked: stubs reach them there
     */
    public static Topology start(Profile profile, Path runDir, String adminToken, MemoryLimits limits,
                                 RunEventLog events, Duration startTimeout, Map<String, RedisEndpoint> attachedRedis)
            throws IOException, InterruptedException, TargetStartException {
        Topology topology = new Topology();
        try {
            attachedRedis.forEach((name, endpoint) -> {
                topology.urls.put(name, List.of(endpoint.uri()));
                if (endpoint.password() != null) {
                    topology.redisPasswords.put(name, endpoint.password());
                }
            });
            for (Map.Entry<String, TargetSpec> t : profile.targets().entrySet()) {
                if (t.getValue() instanceof RedisTarget target) {
                    RedisSpec spec = target.redis();
                    Path binary = RedisServer.locate(System.getenv("PATH"))
                            .orElseThrow(() -> new TargetStartException(RedisServer.notInstalled()));
                    SupervisedRedis redis = new SupervisedRedis(t.getKey(), binary, spec, spec.port() == null ? 0 : spec.port(),
                            runDir, limits, new CrashLoopBackOff(profile.wall(spec.restart().backoff()),
                            profile.wall(spec.restart().maxBackoff()), profile.wall(spec.restart().resetAfter())), startTimeout, events);
                    topology.redises.add(redis);
                    RedisEndpoint endpoint = redis.start();
                    topology.redisEndpoints.put(t.getKey(), endpoint);
                    topology.urls.put(t.getKey(), List.of(endpoint.uri()));
                }
            }
            for (String name : profile.stubStartOrder()) {
                StubSpec spec = profile.targets().get(name).stub();
                Map<StubRole, List<String>> upstreams = topology.upstreamsOf(profile, spec);
                Map<String, List<String>> clusters = new LinkedHashMap<>();
                spec.upstreams().forEach(u -> clusters.put(u, topology.urls.get(u).stream().map(URI::toString).toList()));
                RestartSpec restart = spec.restart();
                List<URI> started = new ArrayList<>();
                for (int i = 0; i < spec.instances(); i++) {
                    SupervisedStub stub = new SupervisedStub(new StubLaunch(name, i, spec, upstreams, clusters, 0, 0), runDir,
                            topology.secretsOf(spec, adminToken), limits, spec.memoryLimitMb() == null ? null : spec.memoryLimitMb() * 1024L * 1024L,
                            new CrashLoopBackOff(profile.wall(restart.backoff()), profile.wall(restart.maxBackoff()),
                                    profile.wall(restart.resetAfter())),
                            restart.restarts(), startTimeout, events);
                    topology.stubs.add(stub);
                    URI url = stub.start();
                    started.add(url);
                    topology.instances.add(new Instance(name, i, InstanceLabel.of(name, i, spec.instances()).toString(), url, stub.metricsUrl(), spec.role()));
                }
                topology.urls.put(name, List.copyOf(started));
            }
            return topology;
        } catch (IOException | InterruptedException | TargetStartException | RuntimeException e) {
            topology.close();
            throw e;
        }
    }

    /** The admin token, and the password of the Redis among the stub's upstreams if it wants one. */
    private StubSecrets secretsOf(StubSpec spec, String adminToken) {
        return spec.upstreams().stream().filter(redisPasswords::containsKey).findFirst()
                .map(redis -> StubSecrets.of(adminToken).withRedisPassword(redisPasswords.get(redis)))
                .orElseGet(() -> StubSecrets.of(adminToken));
    }

    private Map<StubRole, List<String>> upstreamsOf(Profile profile, StubSpec spec) {
        Map<StubRole, List<String>> byRole = new EnumMap<>(StubRole.class);
        for (String upstream : spec.upstreams()) {
            if (!profile.targets().get(upstream).isStub()) {
                continue;
            }
            StubRole role = profile.targets().get(upstream).stub().role();
            byRole.computeIfAbsent(role, r -> new ArrayList<>()).addAll(urls.get(upstream).stream().map(URI::toString).toList());
        }
        return byRole;
    }

    /** Service URLs of a stub target's instances. */
    public List<URI> urls(String target) {
        return urls.get(target);
    }

    /** The Redis targets soakrig started, by name: where each answers. */
    public Map<String, RedisEndpoint> redisEndpoints() {
        return Map.copyOf(redisEndpoints);
    }

    /** Every instance, in start order. */
    public List<Instance> instances() {
        return List.copyOf(instances);
    }

    /** Stops every stub, callers before the upstreams they call. */
    @Override
    public void close() {
        for (int i = stubs.size() - 1; i >= 0; i--) {
            stubs.get(i).close();
        }
        redises.forEach(SupervisedRedis::close);
    }
}
