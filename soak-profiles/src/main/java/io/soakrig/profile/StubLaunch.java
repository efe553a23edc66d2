package io.soakrig.profile;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.soakrig.contract.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the harness hands one stub process: its validated spec, the addresses of its upstreams by
 * role, and the ports to bind. It travels as a JSON file so that a stub runs exactly the
 * configuration the profile validated, and so that a restarted instance binds the same ports its
 * callers already know (as a Kubernetes Service keeps its address across pod restarts).
 *
 * @param target    the profile's name for the target
 * @param instance  which instance of the target, from 0
 * @param spec      the stub's configuration
 * @param upstreams base URLs of every upstream instance, by the upstream's role
 * @param clusters  the same by the upstream's target name (the perimeter routes to clusters by name)
 * @param port      service port, 0 for any free one
 * @param adminPort admin port, 0 for any free one
 */
public record StubLaunch(
        String target,
        int instance,
        StubSpec spec,
        Map<StubRole, List<String>> upstreams,
        Map<String, List<String>> clusters,
        int port,
        int adminPort) {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new SimpleModule("durations")
                    .addSerializer(Duration.class, new StdSerializer<>(Duration.class) {
                        @Override
                        public void serialize(Duration d, JsonGenerator gen, SerializerProvider p) throws IOException {
                            gen.writeString(d.toNanos() % 1_000_000 == 0 ? d.toMillis() + "ms" : d.toNanos() / 1e9 + "s");
                        }
                    }))
            .addModules(ProfileBinding.modules())
            .build();

    /** The same launch with other ports. */
    public StubLaunch withPorts(int newPort, int newAdminPort) {
        return new StubLaunch(target, instance, spec, upstreams, clusters, newPort, newAdminPort);
    }

    /** Writes the launch file, replacing it atomically: a stub never reads half of it. */
    public void write(Path file) throws IOException {
        AtomicFiles.replace(file, partial -> JSON.writerWithDefaultPrettyPrinter().writeValue(partial.toFile(), this));
    }

    public static StubLaunch read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), StubLaunch.class);
    }

    /** A launch given as JSON text, as a stub run as a container receives it in its environment. */
    public static StubLaunch parse(String json) throws IOException {
        return JSON.readValue(json, StubLaunch.class);
    }
}
