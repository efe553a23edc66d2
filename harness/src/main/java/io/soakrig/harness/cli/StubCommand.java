package io.soakrig.harness.cli;

import io.soakrig.harness.ExitCodes;
import io.soakrig.harness.process.StubProcess;
import io.soakrig.profile.StubLaunch;
import io.soakrig.profile.StubRole;
import io.soakrig.profile.StubSpec;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code soakrig stub ROLE}: one target stub in the foreground, for manual experiments with curl
 * or wrk. It runs in this process (no memory limit, no restarts: those belong to {@code run});
 * Ctrl-C stops it. The admin token is printed at start unless {@code SOAKRIG_ADMIN_TOKEN} is set.
 */
@Command(name = "stub", mixinStandardHelpOptions = true,
        description = "Runs one target stub in the foreground on 127.0.0.1.")
final class StubCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ROLE", description = "backend, metadata-db, auth, stream, playlist, search or recommendation.")
    String role;

    @Option(names = "--port", description = "Service port (default 0: any free port, printed at start).")
    int port;

    @Option(names = "--admin-port", description = "Admin port serving /metrics (default 0: any free port).")
    int adminPort;

    @Option(names = "--version", paramLabel = "VERSION", description = "v3.2.0 (default) or v3.2.1 (recommendation leaks).")
    String version;

    @Option(names = "--upstream", paramLabel = "ROLE=URL", description = "An upstream's address, e.g. metadata-db=http://127.0.0.1:8081; repeatable.")
    List<String> upstreams = new ArrayList<>();

    @Option(names = "--faults", paramLabel = "SPEC", description = "Faults in the x-soakrig-faults header syntax, e.g. 'latency=20ms, errorRate=0.1'.")
    String faults;

    @Override
    public Integer call() throws Exception {
        StubSpec stub;
        Map<StubRole, List<String>> byRole = new EnumMap<>(StubRole.class);
        try {
            for (String u : upstreams) {
                String[] kv = u.split("=", 2);
                if (kv.length != 2) {
                    throw new IllegalArgumentException("--upstream wants ROLE=URL, got '" + u + "'");
                }
                byRole.computeIfAbsent(StubRole.of(kv[0]), r -> new ArrayList<>()).add(kv[1]);
            }
            stub = new StubSpec(StubRole.of(role), version, null, null, null, null, null, null,
                    faults == null ? null : StubSpec.FaultSpec.fromHeader(faults), null, null, null, null, null);
            if (!List.of(StubSpec.HEALTHY_VERSION, StubSpec.LEAKING_VERSION).contains(stub.version())) {
                throw new IllegalArgumentException("--version must be " + StubSpec.HEALTHY_VERSION + " or " + StubSpec.LEAKING_VERSION);
            }
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("soakrig: " + e.getMessage());
            return ExitCodes.INVALID_INPUT;
        }
        Path dir = Files.createTempDirectory("soakrig-stub");
        Path launch = dir.resolve("launch.json");
        new StubLaunch(role, 0, stub, byRole, Map.of(), port, adminPort).write(launch);
        int exit = runStub(launch);
        Files.deleteIfExists(launch);
        Files.deleteIfExists(dir);
        return exit == 0 ? ExitCodes.PASS : ExitCodes.INVALID_INPUT;
    }

    private static int runStub(Path launch) throws Exception {
        MethodHandle run = MethodHandles.publicLookup().findStatic(Class.forName(StubProcess.STUB_MAIN), "run",
                MethodType.methodType(int.class, String[].class));
        try {
            return (int) run.invokeExact(new String[] {"--launch", launch.toString()});
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
