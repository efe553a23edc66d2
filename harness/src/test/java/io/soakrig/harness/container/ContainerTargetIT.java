package io.soakrig.harness.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.soakrig.contract.events.EventDetail;
import io.soakrig.contract.events.RunEvent;
import io.soakrig.contract.events.RunEventLog;
import io.soakrig.contract.memory.MemorySample;
import io.soakrig.harness.process.TargetStartException;
import io.soakrig.harness.sampling.SampleClock;
import io.soakrig.harness.supervision.CrashLoopBackOff;
import io.soakrig.profile.ContainerSpec;
import io.soakrig.profile.RestartPolicy;
import io.soakrig.profile.RestartSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container target against a real engine (Podman here) and the locally built test image: a JVM
 * service in a container, its memory limit enforced by the engine.
 */
@Tag("integration")
@Timeout(180)
class ContainerTargetIT {
    private static final long MIB = 1024 * 1024;
    private static final RestartSpec NEVER = new RestartSpec(RestartPolicy.NEVER, null, null, null);

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newHttpClient();

    private ContainerSpec spec(String image, Map<String, String> env, List<String> command, Integer limitMb,
                               ContainerSpec.HealthSpec health) {
        return new ContainerSpec(image, 8080, null, env, command, limitMb, 0.5, health, new ContainerSpec.MetricSpec("/metrics",
                "test_service_heap_used_bytes"), NEVER);
    }

    private ContainerTarget target(ContainerSpec spec, RunEventLog events, Duration startTimeout) throws TargetStartException {
        return new ContainerTarget("svc", spec, ContainerEngine.connect(),
                new CrashLoopBackOff(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(60)), startTimeout, events, null, null);
    }

    @Test
    void servesOnLoopbackOnlyUnderItsLimitIsSampledAndIsRemovedAtClose() throws Exception {
        String image = ContainerEngineForTests.testImage();
        String id;
        try (RunEventLog events = RunEventLog.append(tmp.resolve("events.jsonl"));
             ContainerTarget svc = target(spec(image, Map.of(), null, 128, new ContainerSpec.HealthSpec.Http("/health")),
                     events, Duration.ofSeconds(60))) {
            URI url = svc.start();
            id = svc.containerId();

            assertThat(url.getHost()).isEqualTo("127.0.0.1");
            assertThat(http.send(HttpRequest.newBuilder(url.resolve("/anything")).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .isEqualTo("ok\n");
            var ports = svc.engine().client().inspectContainerCmd(id).exec().getHostConfig().getPortBindings().getBindings();
            assertThat(ports.values()).allSatisfy(bindings -> assertThat(bindings).allSatisfy(
                    b -> assertThat(b.getHostIp()).as("published on loopback only").isEqualTo("127.0.0.1")));
            assertThat(svc.engine().client().inspectContainerCmd(id).exec().getHostConfig().getMemory()).isEqualTo(128 * MIB);

            MemorySample sample = new ContainerMemorySource("svc", svc, http).sample(SampleClock.startingNow());
            assertThat(sample.source()).isEqualTo(ContainerMemorySource.SOURCE);
            assertThat(sample.rssBytes()).as("the container's working set, from the engine").isBetween(5 * MIB, 128 * MIB);
            assertThat(sample.metricBytes()).as("the service's own metric").isPositive();
            assertThat(RunEventLog.read(tmp.resolve("events.jsonl"))).singleElement().satisfies(e -> {
                assertThat(e.type()).isEqualTo(RunEvent.Type.STARTED);
                assertThat(e.detail()).isEqualTo(new EventDetail.Started(((EventDetail.Started) e.detail()).pid(),
                        url.getPort(), 128 * MIB, ContainerTarget.ENFORCER, id));
            });
        }
        assertThat(ContainerEngineForTests.ownedBy(ProcessHandle.current().pid())).as("removed at close").isEmpty();
    }

    @Test
    void aKillAtTheContainersMemoryLimitIsAnOomKillByTheEngine() throws Exception {
        String image = ContainerEngineForTests.testImage();
        try (RunEventLog events = RunEventLog.append(tmp.resolve("events.jsonl"));
             ContainerTarget svc = target(spec(image, Map.of("GROW_MB_PER_SECOND", "16"),
                     List.of("-Xmx512m", "-cp", "/app", "TestService"), 64, null), events, Duration.ofSeconds(60))) {
            svc.start();

            RunEvent end = awaitEvent(Duration.ofSeconds(60), e -> e.type() != RunEvent.Type.STARTED);

            assertThat(end.type()).as(end.toString()).isEqualTo(RunEvent.Type.OOM_KILLED);
            EventDetail.OomKilled oom = (EventDetail.OomKilled) end.detail();
            assertThat(oom.exitCode()).isEqualTo(137);
            assertThat(oom.limitBytes()).isEqualTo(64 * MIB);
            assertThat(oom.killedBy()).startsWith(ContainerTarget.ENFORCER);
            assertThat(oom.peakBytes()).as("the cgroup's high-water mark")
                    .isGreaterThan(48 * MIB).isLessThanOrEqualTo(64 * MIB);
        }
        assertThat(ContainerEngineForTests.ownedBy(ProcessHandle.current().pid())).isEmpty();
    }

    @Test
    void anExitedContainerIsRestartedOnTheSamePort() throws Exception {
        String image = ContainerEngineForTests.testImage();
        ContainerSpec always = new ContainerSpec(image, 8080, null, Map.of("GROW_MB_PER_SECOND", "16"),
                List.of("-Xmx512m", "-cp", "/app", "TestService"), 64, null, null, null, RestartSpec.KUBERNETES);
        try (RunEventLog events = RunEventLog.append(tmp.resolve("events.jsonl"));
             ContainerTarget svc = new ContainerTarget("svc", always, ContainerEngine.connect(),
                     new CrashLoopBackOff(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(60)),
                     Duration.ofSeconds(60), events, null, null)) {
            URI url = svc.start();
            awaitEvent(Duration.ofSeconds(60), e -> e.type() == RunEvent.Type.RESTART_SCHEDULED);
            long started = System.nanoTime();
            while (RunEventLog.read(tmp.resolve("events.jsonl")).stream().filter(e -> e.type() == RunEvent.Type.STARTED).count() < 2) {
                assertThat(System.nanoTime() - started).as("a second start").isLessThan(Duration.ofSeconds(60).toNanos());
                Thread.sleep(100);
            }
            assertThat(svc.url()).isEqualTo(url);
        }
        assertThat(ContainerEngineForTests.ownedBy(ProcessHandle.current().pid())).isEmpty();
    }

    @Test
    void anImageNotInTheStoreIsOneLine() throws Exception {
        ContainerEngineForTests.assumeEngine();
        try (RunEventLog events = RunEventLog.append(tmp.resolve("events.jsonl"));
             ContainerTarget svc = target(spec("localhost/soakrig-no-such-image:1", Map.of(), null, 64, null), events, Duration.ofSeconds(10))) {
            assertThatThrownBy(svc::start).isInstanceOf(TargetStartException.class)
                    .hasMessage("target svc: image localhost/soakrig-no-such-image:1 is not in the container engine's store"
                            + " (soakrig pulls nothing: build or pull it first)");
        }
    }

    @Test
    void aContainerThatExitsAtStartIsOneLineAndIsRemoved() throws Exception {
        String image = ContainerEngineForTests.testImage();
        try (RunEventLog events = RunEventLog.append(tmp.resolve("events.jsonl"));
             ContainerTarget svc = target(spec(image, Map.of("EXIT_AT_START", "3"), null, 64, null), events, Duration.ofSeconds(30))) {
            assertThatThrownBy(svc::start).isInstanceOf(TargetStartException.class)
                    .hasMessageStartingWith("target svc (container " + image + ") did not start: it exited at start with code 3")
                    .hasMessageContaining("test-service exiting at start with 3")
                    .hasMessageNotContaining("\n");
        }
        assertThat(ContainerEngineForTests.ownedBy(ProcessHandle.current().pid())).isEmpty();
    }

    @Test
    void aPortNeverOpenedIsOneLineAndTheContainerIsRemoved() throws Exception {
        String image = ContainerEngineForTests.testImage();
        try (RunEventLog events = RunEventLog.append(tmp.resolve("events.jsonl"));
             ContainerTarget svc = target(spec(image, Map.of("NEVER_LISTEN", "1"), null, 64, null), events, Duration.ofSeconds(5))) {
            assertThatThrownBy(svc::start).isInstanceOf(TargetStartException.class)
                    .hasMessage("target svc (container " + image + ") did not start: port 8080 did not accept connections within 5 s");
        }
        assertThat(ContainerEngineForTests.ownedBy(ProcessHandle.current().pid())).isEmpty();
    }

    private RunEvent awaitEvent(Duration timeout, java.util.function.Predicate<RunEvent> which) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (RunEvent e : RunEventLog.read(tmp.resolve("events.jsonl"))) {
                if (which.test(e)) {
                    return e;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no such event within " + timeout + ": " + RunEventLog.read(tmp.resolve("events.jsonl")));
    }
}
