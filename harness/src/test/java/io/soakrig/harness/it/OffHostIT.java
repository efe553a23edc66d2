package io.soakrig.harness.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.contract.memory.MemorySampleLog;
import io.soakrig.analysis.verdict.Summary;
import io.soakrig.analysis.verdict.SummaryJson;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.UnknownHostException;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not one packet off the allow-list, whatever the target does: every run here happens inside a
 * network namespace that has only a loopback interface, under {@code strace -f -e trace=connect},
 * so every {@code connect()} of the harness and of every child it starts (Gatling, stubs) is seen,
 * and none can reach anything even if one is attempted. No case passes {@code --allow-host}, so
 * every connect to a non-loopback address is a leak.
 *
 * <p>The cases are the ways load was seen to leave: a target redirecting to 10.0.0.1, a host name
 * that resolves to loopback while the harness checks it and to 10.0.0.1 afterwards (and, for the
 * Gatling JVM, from the start), an IPv4-mapped IPv6 spelling of an off-host address, and stubs
 * calling their upstreams. Each case prints its connect counts as a line starting
 * {@code [off-host matrix]}.
 *
 * <p>Needs root (to create the namespace), iproute2's {@code ip} and {@code strace} with
 * seccomp-bpf filtering; without them every case is skipped and says which one is missing.
 */
@Tag("integration")
class OffHostIT {
    private static final String NAMESPACE = "soakrig-offhost-" + ProcessHandle.current().pid();
    private static final String REBINDING_HOST = "rebind.soakrig.test";
    private static final Pattern CONNECT = Pattern.compile(
            "connect\\(\\d+, \\{sa_family=AF_INET6?, sin6?_port=htons\\((\\d+)\\).*?(?:inet_addr\\(\"([^\"]+)\"\\)|inet_pton\\(AF_INET6, \"([^\"]+)\")");

    @TempDir
    static Path tmp;
    private static boolean namespaceCreated;
    private static Process target;
    private static int port;

    /** One connect() seen by strace. */
    private record Connect(String address, int port) {
        boolean loopback() {
            try {
                return InetAddress.getByName(address).isLoopbackAddress();
            } catch (UnknownHostException e) {
                throw new IllegalStateException("strace printed an address that is not one: " + address, e);
            }
        }
    }

    @BeforeAll
    static void isolate() throws Exception {
        Assumptions.assumeTrue(onPath("ip"), "skipped: iproute2's 'ip' is not on the PATH (Debian: apt-get install iproute2)");
        Assumptions.assumeTrue(onPath("strace"), "skipped: 'strace' is not on the PATH (Debian: apt-get install strace)");
        Exec added = exec(Duration.ofSeconds(10), "ip", "netns", "add", NAMESPACE);
        Assumptions.assumeTrue(added.exit == 0, "skipped: 'ip netns add' failed (needs root or CAP_SYS_ADMIN): " + added.output.strip());
        namespaceCreated = true;
        Exec up = exec(Duration.ofSeconds(10), "ip", "netns", "exec", NAMESPACE, "ip", "link", "set", "lo", "up");
        assertThat(up.exit).as(up.output).isZero();
        Exec traced = exec(Duration.ofSeconds(10), "ip", "netns", "exec", NAMESPACE,
                "strace", "-f", "-qq", "--seccomp-bpf", "-e", "trace=connect", "-o", "/dev/null", "true");
        Assumptions.assumeTrue(traced.exit == 0, "skipped: strace cannot trace here (ptrace or seccomp-bpf refused): " + traced.output.strip());
        target = new ProcessBuilder("ip", "netns", "exec", NAMESPACE, java(), "-cp", System.getProperty("java.class.path"),
                OffHostTarget.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line = new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        assertThat(line).as("the target's port").isNotNull().matches("\\d+");
        port = Integer.parseInt(line);
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (target != null) {
            target.getOutputStream().close();
            target.destroyForcibly();
        }
        if (namespaceCreated) {
            // a run that timed out may have left processes in the namespace: they are ours, stop them
            for (String pid : exec(Duration.ofSeconds(10), "ip", "netns", "pids", NAMESPACE).output.split("\\s+")) {
                if (pid.matches("\\d+")) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            exec(Duration.ofSeconds(10), "ip", "netns", "del", NAMESPACE);
        }
    }

    @Test
    void aRedirectToAnOffHostAddressIsNotFollowed() throws Exception {
        Path profile = profile("redirect", """
                targets:
                  api: { url: "http://127.0.0.1:%d" }
                traffic:
                  target: api
                  endpoints: [ { name: moved, path: /moved } ]
                  arrivals: [ { constant: { rate: 20, duration: 3s } } ]
                """.formatted(port));

        Traced run = runTraced("redirect", profile, List.of(), Map.of());

        assertNothingLeft(run, "redirect");
        assertThat(run.exit).as(run.output()).isZero();
        Summary summary = SummaryJson.read(run.dir);
        assertThat(summary.requests()).as("every 302 recorded as the answer").isBetween(50L, 70L);
        assertThat(summary.errors()).isZero();
    }

    @Test
    void aHostNameThatRebindsAfterTheCheckKeepsItsCheckedAddress() throws Exception {
        Path harnessHosts = Files.writeString(tmp.resolve("hosts-harness"), "127.0.0.1 " + REBINDING_HOST + "\n");
        Path childHosts = Files.writeString(tmp.resolve("hosts-children"), OffHostTarget.ELSEWHERE + " " + REBINDING_HOST + "\n");
        Path profile = profile("rebinding", """
                targets:
                  api:
                    url: "http://%1$s:%2$d"
                    memory: { prometheus: "http://%1$s:%2$d/metrics", metric: app_memory_bytes }
                traffic:
                  target: api
                  endpoints: [ { name: items, path: /items } ]
                  arrivals: [ { constant: { rate: 20, duration: 5s } } ]
                """.formatted(REBINDING_HOST, port));

        // The harness reads one hosts file, without address caching; every child JVM reads the
        // other (JAVA_TOOL_OPTIONS, overridden for the harness by its own command line). Once the
        // harness has checked the name, its file too answers 10.0.0.1: any later resolution, in
        // any process, would go off-host.
        Traced run = runTraced("rebinding", profile,
                List.of("-Djdk.net.hosts.file=" + harnessHosts, "-Dsun.net.inetaddr.ttl=0"),
                Map.of("JAVA_TOOL_OPTIONS", "-Djdk.net.hosts.file=" + childHosts + " -Dsun.net.inetaddr.ttl=0"),
                () -> Files.writeString(harnessHosts, OffHostTarget.ELSEWHERE + " " + REBINDING_HOST + "\n"));

        assertNothingLeft(run, "rebinding");
        assertThat(run.exit).as(run.output()).isZero();
        assertThat(SummaryJson.read(run.dir).requests()).isBetween(90L, 110L);
        assertThat(MemorySampleLog.read(run.dir.resolve("memory-samples.csv"))).as("scraped at the checked address").isNotEmpty();
    }

    @Test
    void anIpv4MappedSpellingIsJudgedByTheAddressItMaps() throws Exception {
        String mapped = """
                targets:
                  api: { url: "http://[::ffff:%s]:%d" }
                traffic:
                  target: api
                  endpoints: [ { name: items, path: /items } ]
                  arrivals: [ { constant: { rate: 20, duration: 2s } } ]
                """;
        Path offHost = profile("mapped-off-host", mapped.formatted(OffHostTarget.ELSEWHERE, port));
        Path loopback = profile("mapped-loopback", mapped.formatted("127.0.0.1", port));

        Traced refused = runTraced("mapped-off-host", offHost, List.of(), Map.of());
        Traced allowed = runTraced("mapped-loopback", loopback, List.of(), Map.of());

        assertThat(refused.exit).as(refused.output()).isEqualTo(2);
        assertThat(refused.output()).contains("resolves to " + OffHostTarget.ELSEWHERE).contains("not loopback");
        assertThat(refused.connects).filteredOn(c -> !c.loopback()).isEmpty();
        report("mapped-off-host (refused, exit 2)", refused);
        assertNothingLeft(allowed, "mapped-loopback");
        assertThat(allowed.exit).as(allowed.output()).isZero();
    }

    @Test
    void stubsCallTheirUpstreamsOnLoopbackOnly() throws Exception {
        Path profile = profile("upstreams", """
                targets:
                  db: { stub: { role: metadata-db, heapMb: 64 } }
                  auth: { stub: { role: auth, heapMb: 64, upstreams: [db] } }
                  backend: { stub: { role: backend, heapMb: 64 } }
                  edge:
                    stub:
                      role: perimeter
                      heapMb: 128
                      upstreams: [auth, backend]
                      perimeter:
                        routes: [ { prefix: /items, cluster: backend } ]
                        filters: [rate-limit, auth, user-tier, fault]
                traffic:
                  target: edge
                  endpoints: [ { name: items, path: /items/u1 } ]
                  arrivals: [ { constant: { rate: 20, duration: 3s } } ]
                """);

        Traced run = runTraced("upstreams", profile, List.of(), Map.of());

        assertThat(run.connects).filteredOn(c -> !c.loopback()).as("connects off loopback").isEmpty();
        assertThat(run.exit).as(run.output()).isZero();
        assertThat(run.connects.stream().map(Connect::port).distinct().count())
                .as("the harness, Gatling and the stubs connected to several stub ports").isGreaterThanOrEqualTo(4);
        report("upstreams", run);
    }

    /** No connect off loopback, and traffic did reach the target (so the case tested something). */
    private static void assertNothingLeft(Traced run, String name) {
        assertThat(run.connects).filteredOn(c -> !c.loopback()).as("connects off loopback").isEmpty();
        assertThat(run.connects).filteredOn(c -> c.loopback() && c.port() == port).as("connects to the target").isNotEmpty();
        report(name, run);
    }

    private static void report(String name, Traced run) {
        System.out.printf("[off-host matrix] %s: %d connect() calls, %d to the target port %d, %d off loopback%n", name,
                run.connects.size(), run.connects.stream().filter(c -> c.port() == port).count(), port,
                run.connects.stream().filter(c -> !c.loopback()).count());
    }

    private static Path profile(String name, String body) throws IOException {
        return Files.writeString(tmp.resolve(name + ".yaml"), "name: " + name + "\n" + body);
    }

    /** The result of one traced harness run. */
    private record Traced(int exit, Path dir, Path stdout, Path stderr, List<Connect> connects) {
        String output() throws IOException {
            return "--- stdout\n" + Files.readString(stdout) + "--- stderr\n" + Files.readString(stderr);
        }
    }

    /** An action taken once the harness has checked its targets. */
    private interface AfterCheck {
        void run() throws IOException;
    }

    private static Traced runTraced(String name, Path profile, List<String> jvmOptions, Map<String, String> env) throws Exception {
        return runTraced(name, profile, jvmOptions, env, () -> { });
    }

    /** Runs {@code soakrig run PROFILE} inside the namespace under strace; {@code afterCheck} once it says it is running. */
    private static Traced runTraced(String name, Path profile, List<String> jvmOptions, Map<String, String> env,
                                    AfterCheck afterCheck) throws Exception {
        Path logs = Files.createDirectories(tmp.resolve(name + "-logs"));
        Path trace = logs.resolve("connect.strace");
        Path dir = tmp.resolve(name + "-run");
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", NAMESPACE,
                "strace", "-f", "-qq", "--seccomp-bpf", "-e", "trace=connect", "-e", "signal=none", "-o", trace.toString(),
                java()));
        command.addAll(HarnessProcess.JVM_OPTIONS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        command.addAll(jvmOptions);
        command.addAll(List.of("io.soakrig.harness.cli.SoakrigCli", "run", profile.toString(), "--out", dir.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(logs.resolve("harness.out").toFile())
                .redirectError(logs.resolve("harness.err").toFile());
        builder.environment().putAll(env);
        Process harness = builder.start();
        Path stderr = logs.resolve("harness.err");
        HarnessProcess.await(Duration.ofSeconds(60), "the harness to check its targets",
                () -> !harness.isAlive() || contains(stderr, "[soakrig] running"));
        afterCheck.run();
        if (!harness.waitFor(3, TimeUnit.MINUTES)) {
            harness.destroyForcibly();
            throw new AssertionError("soakrig did not exit within 3 minutes; see " + logs);
        }
        return new Traced(harness.exitValue(), dir, logs.resolve("harness.out"), stderr, connects(trace));
    }

    private static List<Connect> connects(Path trace) throws IOException {
        List<Connect> connects = new ArrayList<>();
        for (String line : Files.readAllLines(trace)) {
            Matcher m = CONNECT.matcher(line);
            if (m.find()) {
                connects.add(new Connect(m.group(2) != null ? m.group(2) : m.group(3), Integer.parseInt(m.group(1))));
            }
        }
        return connects;
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.exists(file) && Files.readString(file).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private record Exec(int exit, String output) {
    }

    private static Exec exec(Duration timeout, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            return new Exec(-1, String.join(" ", command) + " did not finish within " + timeout);
        }
        return new Exec(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
