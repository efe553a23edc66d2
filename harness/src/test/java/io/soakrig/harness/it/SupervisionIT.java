package io.soakrig.harness.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.contract.events.EventDetail;
import io.soakrig.contract.events.RunEvent;
import io.soakrig.harness.TestProfiles;
import io.soakrig.harness.supervision.MemoryLimits;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stub pushed over its container memory limit is killed for real and restarted on the back-off schedule. */
@Tag("integration")
class SupervisionIT {
    /** A backend whose every request keeps 1 MiB; heap far above the 160 MiB limit, so the limit kills first. */
    private static final String LEAKY_BACKEND = """
            name: supervised
            timeCompression: 100
            targets:
              leaky:
                stub:
                  role: backend
                  heapMb: 1024
                  memoryLimitMb: 160
                  faults: { leakBytes: 1048576 }
            """ + TestProfiles.traffic("leaky", 1, "1s");

    @TempDir
    Path tmp;

    @Test
    void theDetectedMechanismKillsAndTheSupervisorRestartsOnTheBackOffSchedule() throws Exception {
        MemoryLimits limits = MemoryLimits.detect();
        killAndRestart(limits, limits.mechanism());
    }

    @Test
    void theRssWatchdogKillsWhereNoCgroupIsUsed() throws Exception {
        killAndRestart(MemoryLimits.watchdogOnly(), "rss-watchdog");
    }

    private void killAndRestart(MemoryLimits limits, String mechanism) throws Exception {
        try (StubCluster cluster = StubCluster.start(tmp, LEAKY_BACKEND, limits);
             PacedLoad load = new PacedLoad(URI.create(cluster.url("leaky") + "/items"), 100, Duration.ofSeconds(60))) {
            HarnessProcess.await(Duration.ofSeconds(60), "two OOM kills and a restart after each",
                    () -> count(cluster, RunEvent.Type.OOM_KILLED) >= 2 && count(cluster, RunEvent.Type.STARTED) >= 3);

            List<RunEvent> events = cluster.events();
            RunEvent firstStart = events.get(0);
            assertThat(firstStart.type()).isEqualTo(RunEvent.Type.STARTED);
            EventDetail.Started started = (EventDetail.Started) firstStart.detail();
            assertThat(started.limitEnforcedBy()).isEqualTo(mechanism);
            assertThat(started.limitBytes()).isEqualTo(160L * 1024 * 1024);
            assertThat(events).filteredOn(e -> e.type() == RunEvent.Type.OOM_KILLED)
                    .extracting(e -> (EventDetail.OomKilled) e.detail())
                    .allSatisfy(kill -> assertThat(List.of(kill.killedBy(), kill.exitCode())).containsExactly(mechanism, 137));
            assertThat(events).filteredOn(e -> e.type() == RunEvent.Type.RESTART_SCHEDULED)
                    .extracting(e -> ((EventDetail.RestartScheduled) e.detail()).delayMillis())
                    .as("10 s then 20 s of CrashLoopBackOff, compressed 100 times")
                    .startsWith(100L, 200L);
            assertThat(events).filteredOn(e -> e.type() == RunEvent.Type.STARTED)
                    .extracting(e -> ((EventDetail.Started) e.detail()).port()).as("restarts keep the service address").containsOnly(started.port());
        }
    }

    private static long count(StubCluster cluster, RunEvent.Type type) {
        try {
            return cluster.events().stream().filter(e -> e.type() == type).count();
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
