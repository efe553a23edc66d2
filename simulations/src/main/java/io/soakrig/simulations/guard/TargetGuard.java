package io.soakrig.simulations.guard;

import io.soakrig.contract.SimulationLaunch;
import io.soakrig.profile.PinnedHosts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Permission;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;

/**
 * Holds a user's own simulation to the run's traffic targets: the Gatling JVM may connect to the
 * addresses and ports the harness checked and handed it, and to nothing else.
 *
 * <p>Why a security manager: soakrig checks the profile's targets (loopback unless
 * {@code --allow-host}), but a user's simulation is code — an absolute URL
 * ({@code http("x").get("https://api.example.com/...")}), a protocol of its own, a client it opens
 * itself — and none of that passes through soakrig's protocol. Every TCP connect and every UDP send
 * of Java's sockets (Netty's NIO transport, {@code java.net.Socket}, the JDK's HTTP clients) asks
 * {@link #checkConnect}, with the address about to be connected, before any packet leaves; so does
 * every host name look-up, before the resolver is asked. That is the one point a check sees all of
 * them, whatever API the simulation used. The harness launches the JVM with this class as its
 * security manager ({@link SimulationLaunch#TARGET_GUARD}, in force before the simulation's class is
 * loaded) and with Netty's native transport off, whose connects happen in C where no Java check
 * sees them.
 *
 * <p>Allowed: each traffic target's instances (every canary arm and region) at their addresses and
 * ports — a host name's as the harness pinned them — and the dead loopback proxy Gatling's version
 * check is sent into. Look-ups of the pinned names are allowed; Gatling connects to their pinned
 * addresses anyway. Everything else is refused: the first refused connect or look-up is written to
 * the run directory ({@code refused.txt}) and stops the JVM at once ({@link #REFUSED_EXIT}), so a
 * run that tried to reach elsewhere ends without a verdict, naming the address, instead of counting
 * a few errors and passing. Two look-ups of the JVM's own are refused quietly, without stopping it:
 * its own host's address ({@link InetAddress#getLocalHost()}: the JDK then answers loopback) and
 * Gatling's version check's (Maven Central's name: the check then fails, as it would anyway).
 *
 * <p>Not covered: native code (JNI) and child processes the simulation starts, which no Java check
 * sees; the guard stands only where a security manager can be installed (Java 17 to 23). Every other
 * permission is granted, except replacing this manager.
 */
public final class TargetGuard extends SecurityManager {
    /** The Gatling JVM's exit code after a refusal. */
    public static final int REFUSED_EXIT = 86;
    /** Gatling's version check (its classes' common prefix). */
    private static final String GATLING_VERSION_CHECK = "io.gatling.commons.util.LatestGatlingRelease";

    private final Set<String> allowed;
    private final Set<String> names;
    private final Path record;
    private final IntConsumer stop;

    /** The guard for the run the harness launched this JVM for, read from the system properties it set. */
    public TargetGuard() {
        this(SimulationLaunch.fromSystemProperties(), Runtime.getRuntime()::halt);
    }

    /** @param stop stops the JVM with an exit code, without shutdown hooks: nothing more is sent */
    TargetGuard(SimulationLaunch launch, IntConsumer stop) {
        PinnedHosts pinned = PinnedHosts.decode(launch.pinnedHosts());
        Set<String> endpoints = new LinkedHashSet<>();
        for (List<URI> target : launch.targetUrls()) {
            for (URI url : target) {
                int port = url.getPort() >= 0 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
                List<InetAddress> addresses = PinnedHosts.isName(bare(url.getHost())) ? pinned.addresses(url.getHost())
                        : List.of(literal(bare(url.getHost())));
                addresses.forEach(a -> endpoints.add(endpoint(a, port)));
            }
        }
        endpoints.add(endpoint(literal(SimulationLaunch.DEAD_PROXY_HOST), SimulationLaunch.DEAD_PROXY_PORT));
        this.allowed = Set.copyOf(endpoints);
        this.names = Set.copyOf(pinned.byHost().keySet());
        this.record = launch.layout().refused();
        this.stop = stop;
    }

    @Override
    public void checkConnect(String host, int port) {
        if (port < 0) {
            checkLookUp(host);
        } else if (!allowed.contains(host + ":" + port) && !allowed(host, port)) {
            refuse("connect to " + shown(host, port));
        }
    }

    @Override
    public void checkConnect(String host, int port, Object context) {
        checkConnect(host, port);
    }

    /** Every permission but replacing this manager: the guard restricts where packets go, nothing else. */
    @Override
    public void checkPermission(Permission permission) {
        if (permission instanceof RuntimePermission && "setSecurityManager".equals(permission.getName())) {
            throw new SecurityException("soakrig's target guard stays in force for the whole run");
        }
    }

    @Override
    public void checkPermission(Permission permission, Object context) {
        checkPermission(permission);
    }

    /** The allowed endpoints, as a refusal names them. */
    String allowedEndpoints() {
        return allowed.stream().sorted().collect(Collectors.joining(", "));
    }

    private void checkLookUp(String host) {
        String name = bare(host).toLowerCase(Locale.ROOT);
        if (!PinnedHosts.isName(name) || names.contains(name)) {
            return;
        }
        if (StackWalker.getInstance().walk(frames -> frames.anyMatch(TargetGuard::quietlyRefused))) {
            throw new SecurityException("soakrig: the load generator does not look up '" + host + "'");
        }
        refuse("look up the host name '" + host + "'");
    }

    /**
     * The look-ups refused without stopping the run, because they are the JVM's own and fail
     * harmlessly: its own host name ({@link InetAddress#getLocalHost()} answers loopback instead),
     * and Gatling's version check, which asks Maven Central for its latest release and is sent
     * into a dead proxy anyway.
     */
    private static boolean quietlyRefused(StackWalker.StackFrame frame) {
        return frame.getClassName().equals(InetAddress.class.getName()) && frame.getMethodName().equals("getLocalHost")
                || frame.getClassName().startsWith(GATLING_VERSION_CHECK);
    }

    /** Whether {@code host} (an address, as the JDK spells it) at {@code port} is a target, however the address is written. */
    private boolean allowed(String host, int port) {
        String bare = bare(host);
        return !PinnedHosts.isName(bare) && allowed.contains(endpoint(literal(bare), port));
    }

    /** Writes what was refused to the run directory, says it, and stops the JVM before anything is sent. */
    private synchronized void refuse(String attempt) {
        String line = "tried to " + attempt + ", which is not a traffic target of this run (" + allowedEndpoints()
                + "): refused before any packet was sent";
        try {
            Files.writeString(record, line + System.lineSeparator(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("soakrig: cannot write " + record + ": " + e.getMessage());
        }
        System.err.println("soakrig: your simulation " + line + "; stopping the load generator");
        System.err.flush();
        stop.accept(REFUSED_EXIT);
        throw new SecurityException("soakrig: " + line);
    }

    private static String endpoint(InetAddress address, int port) {
        return address.getHostAddress() + ":" + port;
    }

    private static String shown(String host, int port) {
        return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    /** An address literal as an address; never a look-up ({@link PinnedHosts#isName} was false). */
    private static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + address, e);
        }
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
