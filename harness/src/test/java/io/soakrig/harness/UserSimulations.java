package io.soakrig.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A user's own simulations, compiled for real into a class directory — what {@code --classpath}
 * points at — against soakrig's classpath (Gatling, the simulation library), as a user's build does.
 * The harness has Gatling only at run time, so these sources cannot be ordinary test classes.
 */
public final class UserSimulations {
    /** Imports every simulation here starts with: Gatling's DSL and soakrig's library. */
    public static final String IMPORTS = """
            import static io.gatling.javaapi.core.CoreDsl.*;
            import static io.gatling.javaapi.http.HttpDsl.*;
            import io.gatling.javaapi.core.*;
            import io.gatling.javaapi.http.*;
            import io.soakrig.simulations.Soakrig;
            """;

    /** Uses the library: every arrival one recorded request to the stub. */
    public static final String RECORDING = """
            package acme;
            %s
            public class RecordingSimulation extends Simulation {
                private final Soakrig soakrig = Soakrig.fromHarness();
                private final ChainBuilder items = soakrig.request("items", exec(http("items").get("/catalog/items")));
                {
                    setUp(soakrig.populations("recording", () -> items)).maxDuration(soakrig.maxDuration());
                }
                @Override
                public void after() {
                    soakrig.finish();
                }
            }
            """.formatted(IMPORTS);

    /** Injects arrivals of its own, half the profile's rate, and declares them: it is held to them, not to the profile's plan. */
    public static final String OWN_INJECTION = """
            package acme;
            %s
            import java.time.Duration;
            public class OwnInjectionSimulation extends Simulation {
                private final Soakrig soakrig = Soakrig.fromHarness();
                private final ChainBuilder items = soakrig.request("items", exec(http("items").get("/catalog/items")));
                {
                    setUp(scenario("browse").exec(soakrig.arrival("browse")).exec(items)
                            .injectOpen(soakrig.ownInjection("browse", Soakrig.constant(10, Duration.ofSeconds(4))))
                            .protocols(soakrig.http()))
                            .maxDuration(soakrig.maxDuration());
                }
                @Override
                public void after() {
                    soakrig.finish();
                }
            }
            """.formatted(IMPORTS);

    /** Sends the profile's arrivals with plain Gatling, recording nothing through soakrig. */
    public static final String SILENT = """
            package acme;
            %s
            public class SilentSimulation extends Simulation {
                private final Soakrig soakrig = Soakrig.fromHarness();
                {
                    setUp(scenario("silent").exec(http("items").get("/catalog/items")).injectOpen(soakrig.injection()))
                            .protocols(soakrig.http());
                }
            }
            """.formatted(IMPORTS);

    /**
     * Records its requests to the target, and after each sends one more to {@code url}, an absolute
     * URL no target has: what soakrig's target guard must refuse.
     */
    public static String sendingTo(String url) {
        return """
                package acme;
                %s
                public class ElsewhereSimulation extends Simulation {
                    private final Soakrig soakrig = Soakrig.fromHarness();
                    private final ChainBuilder items = soakrig.request("items", exec(http("items").get("/catalog/items")));
                    private final ChainBuilder elsewhere = exec(http("elsewhere").get("%s"));
                    {
                        setUp(soakrig.populations("elsewhere", () -> items.exec(elsewhere))).maxDuration(soakrig.maxDuration());
                    }
                    @Override
                    public void after() {
                        soakrig.finish();
                    }
                }
                """.formatted(IMPORTS, url);
    }

    /** Throws in its constructor, as a simulation missing its configuration does. */
    public static final String THROWING = """
            package acme;
            %s
            public class ThrowingSimulation extends Simulation {
                public ThrowingSimulation() {
                    throw new IllegalStateException("no credentials for the checkout service");
                }
            }
            """.formatted(IMPORTS);

    /** A class, but no simulation. */
    public static final String NOT_A_SIMULATION = """
            package acme;
            public class NotASimulation {
            }
            """;

    private UserSimulations() {
    }

    /** Compiles {@code sources} (class name → source) into {@code classes}, failing with javac's messages. */
    public static Path compile(Path classes, Map<String, String> sources) throws IOException {
        Path src = Files.createDirectories(classes.resolveSibling(classes.getFileName() + "-src"));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                "--release", "17", "-proc:none"));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            args.add(file.toString());
        }
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = javac.run(null, out, out, args.toArray(String[]::new));
        if (code != 0) {
            throw new AssertionError("the user's simulations do not compile (exit " + code + ")" + out);
        }
        return classes;
    }
}
