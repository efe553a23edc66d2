package io.soakrig.profile;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A target run as a container from the user's own image, the image that will ship, under a real
 * container memory limit that the engine enforces (as the kubelet's limit does).
 *
 * @param image         the image, e.g. {@code registry.example/shop:1.4}; it must already be in the
 *                      engine's store (soakrig pulls nothing)
 * @param port          the port the service listens on inside the container; published on
 *                      127.0.0.1 only, on a port the engine picks
 * @param adminPort     a control port inside the container for soakrig's own stub image (published like
 *                      {@code port}; the container gets the run's admin token in {@code SOAKRIG_ADMIN_TOKEN},
 *                      and an incident pushes its filter order there), or null for the user's own image
 * @param env           environment variables, empty when absent
 * @param command       arguments given to the image's entrypoint (its CMD replaced), or null for the image's own
 * @param memoryLimitMb the container's memory limit in MiB, or null for none
 * @param cpus          the CPUs it may use, e.g. {@code 0.5}, or null for no cap
 * @param health        when the container counts as started; null: once the port accepts connections
 * @param metric        a Prometheus metric the service exports on its port, sampled beside the
 *                      engine's figures, or null
 * @param restart       what happens when the container exits (Kubernetes' CrashLoopBackOff by default)
 */
public record ContainerSpec(String image, Integer port, Integer adminPort, Map<String, String> env, List<String> command,
                            Integer memoryLimitMb, Double cpus, HealthSpec health, MetricSpec metric,
                            RestartSpec restart) {
    public ContainerSpec {
        env = env == null ? Map.of() : Map.copyOf(env);
        command = command == null ? null : List.copyOf(command);
        restart = restart == null ? RestartSpec.KUBERNETES : restart;
    }

    /** Checks this container, placed at its key; its limits are {@link Limits}'. */
    void check(Checks at) {
        if (at.at("image").require(image) && image.isBlank()) {
            at.at("image").fail("must name an image");
        }
        if (at.at("port").require(port)) {
            at.at("port").within(port, Limits.PORT);
        }
        if (adminPort != null) {
            if (at.at("adminPort").within(adminPort, Limits.PORT) && adminPort.equals(port)) {
                at.at("adminPort").fail("must differ from port " + port);
            }
        }
        if (memoryLimitMb != null && !Limits.CONTAINER_MEMORY_LIMIT_MB.contains(memoryLimitMb)) {
            at.at("memoryLimitMb").fail("must be between " + Limits.CONTAINER_MEMORY_LIMIT_MB.min() + " (the engines' minimum) and "
                    + Limits.CONTAINER_MEMORY_LIMIT_MB.max() + ", was " + memoryLimitMb);
        }
        if (cpus != null && !(cpus > 0)) {
            at.at("cpus").fail("must be above 0, was " + cpus);
        }
        if (health != null) {
            health.check(at.at("health"));
        }
        if (metric != null) {
            metric.check(at.at("metric"));
        }
        restart.check(at.at("restart"));
    }

    /**
     * When a started container is ready: an HTTP path on its port that answers 2xx ({@link Http},
     * written {@code http: /health}), or a line its log prints ({@link Log}, written
     * {@code log: "Started .*"}, a regular expression matched against whole lines). Sealed, so a
     * health wait is always exactly one of the two.
     */
    public sealed interface HealthSpec permits HealthSpec.Http, HealthSpec.Log {
        /** Checks this wait, placed at its key. */
        void check(Checks at);

        /** @param path the path, starting with '/' */
        record Http(String path) implements HealthSpec {
            @Override
            public void check(Checks at) {
                if (!path.startsWith("/")) {
                    at.at("http").fail("must be a path starting with '/', was '" + path + "'");
                }
            }
        }

        /** @param line a regular expression a whole line of the container's log matches */
        record Log(String line) implements HealthSpec {
            @Override
            public void check(Checks at) {
                try {
                    Pattern.compile(line);
                } catch (PatternSyntaxException e) {
                    at.at("log").fail("is not a regular expression: " + e.getDescription() + " near index " + e.getIndex());
                }
            }
        }

        /** The keys a health wait may be written with. */
        record Form(String http, String log) implements ProfileBinding.Form<HealthSpec> {
            @Override
            public HealthSpec choice(Checks at) {
                if ((http == null) == (log == null)) {
                    return at.unreadable("give exactly one of 'http' (a path answering 2xx) or 'log' (a line the container prints)");
                }
                return http != null ? new Http(http) : new Log(log);
            }
        }

        /** Binds a health wait from its {@link Form}. */
        ProfileBinding.Alternatives<HealthSpec, Form> BINDING = new ProfileBinding.Alternatives<>(HealthSpec.class, Form.class);
    }

    /**
     * A Prometheus metric on the container's port.
     *
     * @param path   where it is served, e.g. {@code /metrics}
     * @param metric its name, e.g. {@code jvm_memory_used_bytes}; matching samples are summed
     */
    public record MetricSpec(String path, String metric) {
        void check(Checks at) {
            if (path == null || !path.startsWith("/")) {
                at.at("path").fail("must be a path starting with '/'");
            }
            at.at("metric").require(metric);
        }
    }
}
