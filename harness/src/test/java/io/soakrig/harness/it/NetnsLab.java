package io.soakrig.harness.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.profile.StubLaunch;
import io.soakrig.profile.StubRole;
import io.soakrig.profile.StubSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Separate hosts on one machine, for {@link NetnsWorkersIT}: a network namespace per worker and
 * one for the target, each joined by a veth pair to a bridge on the host side that holds the
 * coordinator's address. Worker {@code i} is {@code <prefix>n<i>} at {@code 10.A.B.(2+i)}, the
 * target {@code <prefix>t} at {@code 10.A.B.10}, the host {@code 10.A.B.1}; {@code A.B} comes from
 * this JVM's pid, so that two runs of the test never share a subnet or a name.
 *
 * <p>Everything it creates carries the prefix {@value #PREFIX} followed by the pid of the JVM that
 * created it; a lab is deleted when closed (the tests close it in {@code finally}) and from a
 * shutdown hook, and leftovers of JVMs that died without either are deleted before a new one is
 * made. Needs root and iproute2's {@code ip}: without them the test is skipped, saying which.
 */
final class NetnsLab implements AutoCloseable {
    static final String PREFIX = "sknw";
    static final int TARGET_PORT = 8080;
    private static final Pattern OURS = Pattern.compile("\\b" + PREFIX + "(\\d+)[a-z]+\\d*\\b");

    private final String name = PREFIX + ProcessHandle.current().pid();
    private final String subnet;
    private final int workers;
    private final Thread hook = new Thread(this::delete, "netns-lab-cleanup");
    private Process target;

    private NetnsLab(String subnet, int workers) {
        this.subnet = subnet;
        this.workers = workers;
    }

    /** Skips the calling test unless this process may create namespaces; deletes leftovers of earlier runs. */
    static void assumeUsable() throws Exception {
        Assumptions.assumeTrue(onPath("ip"), "skipped: iproute2's 'ip' is not on the PATH (Debian: apt-get install iproute2)");
        String uid = exec(Duration.ofSeconds(5), "id", "-u").strip();
        Assumptions.assumeTrue("0".equals(uid), "skipped: creating network namespaces and veth pairs needs root (uid 0), this is uid " + uid);
        deleteLeftovers();
    }

    /** Creates the namespaces, links and addresses; the caller closes the lab. */
    static NetnsLab create(int workers) throws Exception {
        long pid = ProcessHandle.current().pid();
        int a = 200 + (int) (pid / 256 % 50);
        int b = (int) (pid % 256);
        String routes = exec(Duration.ofSeconds(5), "ip", "-4", "route", "show");
        while (routes.contains("10." + a + "." + b + ".")) {
            b = (b + 1) % 256;
        }
        NetnsLab lab = new NetnsLab("10." + a + "." + b + ".", workers);
        Runtime.getRuntime().addShutdownHook(lab.hook);
        try {
            lab.build();
        } catch (Exception | AssertionError e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    private void build() throws Exception {
        ip("link", "add", bridge(), "type", "bridge");
        ip("addr", "add", hostAddress() + "/24", "dev", bridge());
        ip("link", "set", bridge(), "up");
        for (int i = 0; i < workers; i++) {
            join(workerNamespace(i), hostLink(i), workerAddress(i));
        }
        join(targetNamespace(), targetLink(), targetAddress());
    }

    /** A namespace with its loopback up, and a veth pair from it ({@code eth0} inside) to the bridge. */
    private void join(String namespace, String hostSide, String address) throws Exception {
        ip("netns", "add", namespace);
        ip("-n", namespace, "link", "set", "lo", "up");
        ip("link", "add", hostSide, "type", "veth", "peer", "name", "eth0", "netns", namespace);
        ip("link", "set", hostSide, "master", bridge(), "up");
        ip("-n", namespace, "addr", "add", address + "/24", "dev", "eth0");
        ip("-n", namespace, "link", "set", "eth0", "up");
    }

    String hostAddress() {
        return subnet + "1";
    }

    String workerAddress(int i) {
        return subnet + (2 + i);
    }

    String targetAddress() {
        return subnet + "10";
    }

    String workerNamespace(int i) {
        return name + "n" + i;
    }

    /** The {@code --worker-launcher} words that put worker {@code i} in {@link #workerNamespace}. */
    String launcher() {
        return "ip netns exec " + name + "n{index}";
    }

    String targetNamespace() {
        return name + "t";
    }

    /** Worker {@code i}'s veth on the host side: what it sends arrives here. */
    String hostLink(int i) {
        return name + "h" + i;
    }

    String targetLink() {
        return name + "ht";
    }

    private String bridge() {
        return name + "br";
    }

    /** Starts a backend stub in the target's namespace, listening on its addresses there; returns once it accepts connections. */
    void startTargetStub(Path dir) throws Exception {
        Path launchFile = dir.resolve("target-launch.json");
        new StubLaunch("backend", 0, new StubSpec(StubRole.of("backend"), null, null, null, null, null, null, null, null, null,
                null, null, null, null, null), Map.of(), Map.of(), TARGET_PORT, TARGET_PORT + 1).write(launchFile);
        ProcessBuilder stub = new ProcessBuilder("ip", "netns", "exec", targetNamespace(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), "io.soakrig.stubs.StubMain", "--in-container")
                .redirectErrorStream(true).redirectOutput(dir.resolve("target-stub.log").toFile());
        stub.environment().put("SOAKRIG_STUB_LAUNCH", Files.readString(launchFile));
        stub.environment().put("SOAKRIG_ADMIN_TOKEN", "netns-lab-admin-token");
        target = stub.start();
        Path log = dir.resolve("target-stub.log");
        HarnessProcess.await(Duration.ofSeconds(60), "the target stub serving in " + targetNamespace(), () -> {
            try {
                String said = Files.readString(log);
                if (!target.isAlive()) {
                    throw new AssertionError("the target stub ended with exit code " + target.exitValue() + ":\n" + said);
                }
                return said.contains("serving on");
            } catch (IOException e) {
                return false;
            }
        });
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(targetAddress(), TARGET_PORT), 2000);
        }
    }

    /** A counter of a host-side link, e.g. {@code rx_packets}. */
    static long counter(String link, String name) throws IOException {
        return Long.parseLong(Files.readString(Path.of("/sys/class/net", link, "statistics", name)).strip());
    }

    /** Takes {@code link} down: nothing crosses it any more. */
    static void cut(String link) throws Exception {
        ip("link", "set", link, "down");
    }

    @Override
    public void close() {
        delete();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: nothing is left to delete
        }
    }

    private synchronized void delete() {
        if (target != null) {
            target.destroyForcibly();
        }
        deleteAll(name);
    }

    /** Deletes the namespaces (stopping what still runs in them) and links of the lab named {@code lab}. */
    private static void deleteAll(String lab) {
        try {
            for (String namespace : matching(exec(Duration.ofSeconds(10), "ip", "netns", "list"), lab)) {
                for (String pid : exec(Duration.ofSeconds(10), "ip", "netns", "pids", namespace).split("\\s+")) {
                    if (pid.matches("\\d+")) {
                        ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
                exec(Duration.ofSeconds(10), "ip", "netns", "del", namespace);
            }
            for (String link : matching(exec(Duration.ofSeconds(10), "ip", "-o", "link", "show"), lab)) {
                exec(Duration.ofSeconds(10), "ip", "link", "del", link);
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("could not delete network lab " + lab + ": " + e.getMessage(), e);
        }
    }

    /** Labs whose JVM is gone: a test killed before its cleanup ran. */
    private static void deleteLeftovers() throws IOException, InterruptedException {
        String all = exec(Duration.ofSeconds(10), "ip", "netns", "list") + "\n" + exec(Duration.ofSeconds(10), "ip", "-o", "link", "show");
        Matcher m = OURS.matcher(all);
        while (m.find()) {
            long pid = Long.parseLong(m.group(1));
            if (ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
                deleteAll(PREFIX + pid);
            }
        }
    }

    /** The names in {@code listing} that belong to {@code lab} (interface names lose their {@code @peer}). */
    private static List<String> matching(String listing, String lab) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("\\b(" + lab + "[a-z]+\\d*)\\b").matcher(listing);
        while (m.find()) {
            if (!names.contains(m.group(1))) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private static void ip(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    }

    private static String exec(Duration timeout, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
        }
        return output;
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
