package io.soakrig.harness.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.contract.RunLayout;
import io.soakrig.contract.events.EventDetail;
import io.soakrig.contract.events.RunEvent;
import io.soakrig.contract.events.RunEventLog;
import io.soakrig.profile.StubRole;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A push that finds an instance down records that, and never goes out before the traffic starts. */
class IncidentPushTest {
    @TempDir
    Path run;

    @Test
    void anInstanceThatIsDownWhenThePushGoesOutIsRecordedWithItsError() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        URI admin = URI.create("http://127.0.0.1:" + closed + "/metrics");
        Topology.Instance down = new Topology.Instance("perimeter", 1, "perimeter#1", admin, admin, StubRole.PERIMETER);
        Path trafficStarted = run.resolve("arrivals.csv");

        try (RunEventLog events = RunEventLog.append(RunLayout.of(run).events());
             IncidentPush push = IncidentPush.arm(List.of(IncidentPush.Receiver.of(down)), List.of(io.soakrig.profile.HttpFilter.USER_TIER, io.soakrig.profile.HttpFilter.AUTH), Duration.ZERO, trafficStarted,
                     "0123456789abcdef0123", HttpClient.newHttpClient(), events)) {
            Thread.sleep(300);
            assertThat(push.pushedAtMillis()).as("no traffic yet, no push").isNull();

            Files.writeString(trafficStarted, "second,population,intended,started\n");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (RunEventLog.read(RunLayout.of(run).events()).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(push.pushedAtMillis()).isNotNull();
        }

        RunEvent pushed = RunEventLog.read(RunLayout.of(run).events()).get(0);
        assertThat(pushed.type()).isEqualTo(RunEvent.Type.CONFIG_PUSHED);
        assertThat(pushed.target()).isEqualTo("perimeter");
        assertThat(pushed.instance()).isEqualTo(1);
        EventDetail.ConfigPushed detail = (EventDetail.ConfigPushed) pushed.detail();
        assertThat(detail.filters()).isEqualTo("user-tier,auth");
        assertThat(detail.error()).isNotNull();
        assertThat(detail.status()).isNull();
    }
}
