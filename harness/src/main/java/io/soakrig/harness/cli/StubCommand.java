package io.soakrig.harness.cli;

import io.soakrig.contract.RunLayout;
import io.soakrig.harness.ExitCodes;
import io.soakrig.harness.process.StubProcess;
import io.soakrig.harness.process.StubSecrets;
import io.soakrig.harness.redis.RedisEndpoint;
import io.soakrig.harness.run.TargetPolicy;
import io.soakrig.profile.HttpUrls;
import io.soakrig.profile.PinnedHosts;
import io.soakrig.profile.StubLaunch;
import io.soakrig.profile.StubRole;
import io.soakrig.profile.FaultSpec;
import io.soakrig.profile.HttpFilter;
import io.soakrig.profile.StubSpec;
import io.soakrig.profile.StubVersion;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URI;
import java.net.URISyntaxException;
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
 *
 * <p>Everything is checked before the stub starts, each problem one line naming its flag: the
 * ports, the faults (the profile's ranges), and the upstreams — exactly those the role calls,
 * each on loopback unless {@code --allow-host} names it, as {@code run} checks its targets. An
 * auth given a Redis ({@code --upstream NAME=redis://[:PASSWORD@]HOST[:PORT]}) keeps its sessions
 * there instead of calling metadata-db; that Redis must answer {@code PING} with the password
 * before the stub starts, and the password goes to the stub as a run's stubs get it — never into
 * its launch file.
 */
@Command(name = "stub", mixinStandardHelpOptions = true,
        description = "Runs one target stub in the foreground on 127.0.0.1.")
final class StubCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ROLE", description = "backend, metadata-db, auth, stream, playlist, search, recommendation or perimeter.")
    String role;

    @Option(names = "--port", description = "Service port (default 0: any free port, printed at start).")
    int port;

    @Option(names = "--admin-port", description = "Admin port serving /metrics (default 0: any free port).")
    int adminPort;

    @Option(names = "--version", paramLabel = "VERSION", description = "v3.2.0 (default) or v3.2.1 (recommendation leaks).")
    String version;

    @Option(names = "--upstream", paramLabel = "ROLE=URL", description = "An upstream's address, e.g. metadata-db=http://127.0.0.1:8081,"
            + " or for auth a Redis keeping its sessions, NAME=redis://[:PASSWORD@]HOST[:PORT]; repeatable.")
    List<String> upstreams = new ArrayList<>();

    @Option(names = "--allow-host", paramLabel = "HOST",
            description = "Allow an upstream on this non-loopback host (name or address); repeatable.")
    List<String> allowHosts = new ArrayList<>();

    @Option(names = "--faults", paramLabel = "SPEC", description = "Faults in the x-soakrig-faults header syntax, e.g. 'latency=20ms, errorRate=0.1'.")
    String faults;

    /** A Redis given as the auth's session store: its name, its pinned address (no password), and the password. */
    private record SessionStore(String name, RedisEndpoint endpoint) {
    }

    private SessionStore sessionStore;

    @Override
    public Integer call() throws Exception {
        StubSpec stub;
        Map<StubRole, List<String>> byRole;
        try {
            checkPort("--port", port);
            checkPort("--admin-port", adminPort);
            stub = new StubSpec(StubRole.of(role), version(), null, null, null, null, null, null, faults(), null, null, null, null, null, null);
            byRole = upstreams(stub);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("soakrig: " + e.getMessage());
            return ExitCodes.INVALID_INPUT;
        }
        Path dir = Files.createTempDirectory("soakrig-stub");
        Path launch = RunLayout.standaloneStubLaunch(dir);
        Map<String, List<String>> clusters = sessionStore == null ? Map.of()
                : Map.of(sessionStore.name(), List.of(sessionStore.endpoint().uri().toString()));
        new StubLaunch(role, 0, stub, byRole, clusters, port, adminPort).write(launch);
        Map<String, String> environment = new java.util.HashMap<>(System.getenv());
        if (sessionStore != null && sessionStore.endpoint().password() != null) {
            environment.put(StubSecrets.REDIS_PASSWORD_ENV, sessionStore.endpoint().password());
        }
        int exit = runStub(launch, environment);
        Files.deleteIfExists(launch);
        Files.deleteIfExists(dir);
        return exit == 0 ? ExitCodes.PASS : ExitCodes.INVALID_INPUT;
    }

    private static void checkPort(String flag, int value) {
        if (value < 0 || value > 65_535) {
            throw new IllegalArgumentException(flag + " must be a port number 0..65535 (0: any free port), was " + value);
        }
    }

    private StubVersion version() {
        try {
            return version == null ? null : StubVersion.of(version);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--version " + e.getMessage(), e);
        }
    }

    private FaultSpec faults() {
        try {
            return faults == null ? null : FaultSpec.parse(faults);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--faults: " + e.getMessage(), e);
        }
    }

    /**
     * The upstreams by role, each checked against the allow-list as {@code run} checks targets and
     * pinned to the address it was checked at; every upstream the stub calls must be given, and
     * only those.
     */
    private Map<StubRole, List<String>> upstreams(StubSpec stub) {
        List<StubRole> calls = calls(stub);
        TargetPolicy policy = new TargetPolicy(allowHosts);
        Map<StubRole, List<String>> byRole = new EnumMap<>(StubRole.class);
        for (String u : upstreams) {
            String[] kv = u.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("--upstream wants ROLE=URL, got '" + u + "'");
            }
            if (kv[1].startsWith(HttpUrls.REDIS_SCHEME + "://")) {
                sessionStore(stub, kv[0], kv[1], policy);
                continue;
            }
            StubRole upstream;
            URI url;
            try {
                upstream = StubRole.of(kv[0]);
                url = new URI(kv[1]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--upstream " + u + ": " + e.getMessage(), e);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("--upstream " + u + ": not a URL: " + e.getMessage(), e);
            }
            if (!calls.contains(upstream)) {
                throw new IllegalArgumentException("--upstream " + u + ": " + aStub(stub.role()) + " calls no " + upstream.id()
                        + (calls.isEmpty() ? " (it calls no upstream)" : " (it calls " + ids(calls) + ")"));
            }
            TargetPolicy.Admission admission = policy.admit(url);
            if (admission instanceof TargetPolicy.Admission.Refused refused) {
                throw new IllegalArgumentException("--upstream " + u + ": " + refused.reason());
            }
            PinnedHosts pinned = new PinnedHosts(Map.of(url.getHost(), ((TargetPolicy.Admission.Admitted) admission).addresses()));
            byRole.computeIfAbsent(upstream, r -> new ArrayList<>()).add(pinned.pinWithPort(url).toString());
        }
        for (StubRole needed : calls) {
            if (!byRole.containsKey(needed) && !(needed == StubRole.METADATA_DB && sessionStore != null)) {
                throw new IllegalArgumentException(aStub(stub.role()) + " calls " + needed.id()
                        + ": give its address with --upstream " + needed.id() + "=http://127.0.0.1:PORT");
            }
        }
        return byRole;
    }

    /**
     * Takes {@code NAME=redis://…} as an auth's session store: allow-listed and pinned like any
     * upstream, and answering {@code PING} with its password — every problem one line naming the
     * flag, never the password.
     */
    private void sessionStore(StubSpec stub, String name, String value, TargetPolicy policy) {
        String shown = "--upstream " + name + "=" + HttpUrls.withoutRedisPasswords(value);
        if (stub.role() != StubRole.AUTH) {
            throw new IllegalArgumentException(shown + ": a Redis is the session store of an auth stub; " + aStub(stub.role())
                    + " calls no Redis");
        }
        if (sessionStore != null) {
            throw new IllegalArgumentException(shown + ": an auth keeps its sessions in one Redis, already given as " + sessionStore.name());
        }
        URI url;
        try {
            url = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(shown + ": not a URL: " + e.getReason(), e);
        }
        TargetPolicy.Admission admission = policy.admit(url);
        if (admission instanceof TargetPolicy.Admission.Refused refused) {
            throw new IllegalArgumentException(shown + ": " + refused.reason());
        }
        RedisEndpoint endpoint = RedisEndpoint.of(url, ((TargetPolicy.Admission.Admitted) admission).addresses().get(0));
        String problem = endpoint.problem();
        if (problem != null) {
            throw new IllegalArgumentException(shown + ": " + problem);
        }
        sessionStore = new SessionStore(name, endpoint);
    }

    /** The roles a stub calls: its role's dependency, and auth for a perimeter whose filter chain asks it. */
    private static List<StubRole> calls(StubSpec stub) {
        if (stub.role() == StubRole.PERIMETER) {
            return stub.perimeter().filters().contains(HttpFilter.AUTH) ? List.of(StubRole.AUTH) : List.of();
        }
        return stub.role().dependency().stream().toList();
    }

    private static String aStub(StubRole role) {
        return ("aeiou".indexOf(role.id().charAt(0)) >= 0 ? "an " : "a ") + role.id() + " stub";
    }

    private static String ids(List<StubRole> roles) {
        return String.join(", ", roles.stream().map(StubRole::id).toList());
    }

    /** Runs the stub in this process, {@code environment} standing for the environment a stub process would get. */
    private static int runStub(Path launch, Map<String, String> environment) throws Exception {
        MethodHandle run = MethodHandles.publicLookup().findStatic(Class.forName(StubProcess.STUB_MAIN), "run",
                MethodType.methodType(int.class, String[].class, Map.class));
        try {
            return (int) run.invokeExact(new String[] {"--launch", launch.toString()}, environment);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
