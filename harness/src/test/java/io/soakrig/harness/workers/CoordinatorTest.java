package io.soakrig.harness.workers;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.contract.RunLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoordinatorTest {
    static final String TOKEN = "0123456789abcdef";
    final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path tmp;

    @Test
    void theSharedStartIsGivenOnceEveryWorkerHasRegisteredAndIsTheSameForAll() throws Exception {
        try (Coordinator coordinator = coordinator(2)) {
            HttpResponse<String> first = assignment(coordinator, 0, TOKEN);
            assertThat(first.statusCode()).as("worker 1 has not registered yet").isEqualTo(202);
            assertThat(coordinator.startAtMillis()).isZero();

            HttpResponse<String> second = assignment(coordinator, 1, TOKEN);
            HttpResponse<String> again = assignment(coordinator, 0, TOKEN);

            WorkerProtocol.Assignment a1 = WorkerProtocol.JSON.readValue(second.body(), WorkerProtocol.Assignment.class);
            WorkerProtocol.Assignment a0 = WorkerProtocol.JSON.readValue(again.body(), WorkerProtocol.Assignment.class);
            assertThat(a0.startAtMillis()).isEqualTo(a1.startAtMillis()).isEqualTo(coordinator.startAtMillis())
                    .isGreaterThan(System.currentTimeMillis());
            assertThat(List.of(a0.index(), a1.index())).containsExactly(0, 1);
            assertThat(a0.count()).isEqualTo(2);
            assertThat(a0.profileYaml()).isEqualTo("name: x\n");
        }
    }

    @Test
    void aDeliveryIsAppendedOnceAndAResendOfAcknowledgedBytesIsIgnored() throws Exception {
        try (Coordinator coordinator = coordinator(1)) {
            WorkerProtocol.Reply r1 = deliver(coordinator, new WorkerProtocol.Delivery(1, 0, 0, b64("line 1\n"), 0, b64("second\n"), null, null));
            WorkerProtocol.Reply resent = deliver(coordinator, new WorkerProtocol.Delivery(1, 0, 0, b64("line 1\n"), 0, "", null, null));
            WorkerProtocol.Reply r2 = deliver(coordinator, new WorkerProtocol.Delivery(1, 0, r1.latencyLength(), b64("line 2\n"),
                    r1.arrivalsLength(), "", Map.of("catalog", 3L), 0));

            RunLayout own = RunLayout.of(tmp).worker(0);
            assertThat(Files.readString(own.latencyLog())).isEqualTo("line 1\nline 2\n");
            assertThat(Files.readString(own.arrivals())).isEqualTo("second\n");
            assertThat(resent.latencyLength()).isEqualTo(7);
            assertThat(r2.latencyLength()).isEqualTo(14);
            assertThat(Files.readString(own.requests())).contains("\"catalog\" : 3");
            assertThat(coordinator.worker(0).seen().exit()).isZero();
            assertThat(r2.stop()).isFalse();
            coordinator.requestStop();
            assertThat(deliver(coordinator, new WorkerProtocol.Delivery(1, 0, 14, "", 7, "", null, null)).stop()).isTrue();
        }
    }

    @Test
    void aRequestWithoutTheRunsTokenIsRefusedAndRecordsNothing() throws Exception {
        try (Coordinator coordinator = coordinator(1)) {
            assertThat(assignment(coordinator, 0, "wrong").statusCode()).isEqualTo(401);
            assertThat(coordinator.worker(0).seen().lastContactMillis()).isZero();
            assertThat(assignment(coordinator, 7, TOKEN).statusCode()).isEqualTo(404);
        }
    }

    private Coordinator coordinator(int count) throws Exception {
        return new Coordinator(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), TOKEN, RunLayout.of(tmp),
                new WorkerProtocol.Assignment(1, "name: x\n", List.of(List.of("http://127.0.0.1:1")), "", null, 0, count, 0),
                Duration.ofSeconds(15));
    }

    private HttpResponse<String> assignment(Coordinator coordinator, int index, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(coordinator.url().resolve(WorkerProtocol.ASSIGNMENT + index))
                .header(WorkerProtocol.TOKEN_HEADER, token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private WorkerProtocol.Reply deliver(Coordinator coordinator, WorkerProtocol.Delivery delivery) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(coordinator.url().resolve(WorkerProtocol.DELIVERY))
                .header(WorkerProtocol.TOKEN_HEADER, TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(WorkerProtocol.JSON.writeValueAsString(delivery))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return WorkerProtocol.JSON.readValue(response.body(), WorkerProtocol.Reply.class);
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }
}
