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
    static final Duration MARGIN = Duration.ofSeconds(2);
    final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path tmp;

    @Test
    void theWorkIsGivenOnceEveryWorkerHasRegisteredAndTheSharedStartOnceEveryGeneratorIsReady() throws Exception {
        try (Coordinator coordinator = coordinator(2)) {
            HttpResponse<String> first = assignment(coordinator, 0, TOKEN);
            assertThat(first.statusCode()).as("worker 1 has not registered yet").isEqualTo(202);
            assertThat(coordinator.registeredMillis()).isZero();

            HttpResponse<String> second = assignment(coordinator, 1, TOKEN);
            HttpResponse<String> again = assignment(coordinator, 0, TOKEN);

            WorkerProtocol.Assignment a1 = WorkerProtocol.JSON.readValue(second.body(), WorkerProtocol.Assignment.class);
            WorkerProtocol.Assignment a0 = WorkerProtocol.JSON.readValue(again.body(), WorkerProtocol.Assignment.class);
            assertThat(coordinator.registeredMillis()).isPositive();
            assertThat(List.of(a0.index(), a1.index())).containsExactly(0, 1);
            assertThat(a0.count()).isEqualTo(2);
            assertThat(a0.profileYaml()).isEqualTo("name: x\n");
            assertThat(coordinator.startAtMillis()).as("registered, but no generator is ready: no start yet").isZero();

            WorkerProtocol.Start early = ready(coordinator, 0);
            assertThat(early.startAtMillis()).as("worker 1's generator is not ready yet").isZero();
            assertThat(early.stop()).isFalse();
            assertThat(coordinator.startAtMillis()).isZero();

            long before = System.currentTimeMillis();
            WorkerProtocol.Start last = ready(coordinator, 1);
            WorkerProtocol.Start told = ready(coordinator, 0);
            assertThat(last.startAtMillis()).as("the report completing the set fixes the start a margin ahead")
                    .isEqualTo(told.startAtMillis()).isEqualTo(coordinator.startAtMillis())
                    .isBetween(before + MARGIN.toMillis(), System.currentTimeMillis() + MARGIN.toMillis());
            Coordinator.Seen zero = coordinator.worker(0).seen();
            assertThat(zero.registeredMillis()).isPositive().isLessThanOrEqualTo(zero.readyMillis());
            assertThat(zero.readyMillis()).isLessThanOrEqualTo(zero.toldMillis());
            assertThat(coordinator.abandonStart()).as("a start once fixed stands").isFalse();
        }
    }

    @Test
    void aStartAbandonedBeforeEveryGeneratorIsReadyIsNeverGivenAndTheReadyAreToldToStop() throws Exception {
        try (Coordinator coordinator = coordinator(2)) {
            assignment(coordinator, 0, TOKEN);
            assignment(coordinator, 1, TOKEN);
            assertThat(ready(coordinator, 0)).isEqualTo(new WorkerProtocol.Start(0, false));

            assertThat(coordinator.abandonStart()).isTrue();

            assertThat(ready(coordinator, 1)).as("the late one completes the set, but the start was given up")
                    .isEqualTo(new WorkerProtocol.Start(0, true));
            assertThat(ready(coordinator, 0).stop()).isTrue();
            assertThat(coordinator.startAtMillis()).isZero();
            assertThat(deliver(coordinator, new WorkerProtocol.Delivery(WorkerProtocol.VERSION, 0, 0, "", 0, "", null, null)).stop())
                    .as("a worker whose generator still boots hears it at its heartbeat").isTrue();
        }
    }

    @Test
    void afterTheStopTheCoordinatorWaitsForEveryWorkerInTouchToHearItAndNoLongerThanItsBound() throws Exception {
        try (Coordinator coordinator = coordinator(3)) {
            assignment(coordinator, 0, TOKEN);
            assignment(coordinator, 1, TOKEN);
            assertThat(ready(coordinator, 0).stop()).isFalse();
            coordinator.requestStop();
            assertThat(coordinator.awaitStopHeard(Duration.ofSeconds(20), i -> false)).as("workers whose processes are gone are not waited for")
                    .isTrue();

            long start = System.nanoTime();
            assertThat(coordinator.awaitStopHeard(Duration.ofMillis(300), i -> true)).as("workers 0 and 1 are in touch and have not asked since").isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

            java.util.concurrent.CompletableFuture<Boolean> waiting = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return coordinator.awaitStopHeard(Duration.ofSeconds(20), i -> true);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(ready(coordinator, 0).stop()).isTrue();
            assertThat(waiting).as("worker 1 still has not asked").isNotDone();
            assertThat(deliver(coordinator, new WorkerProtocol.Delivery(WorkerProtocol.VERSION, 1, 0, "", 0, "", null, null)).stop()).isTrue();
            assertThat(waiting.get(10, java.util.concurrent.TimeUnit.SECONDS))
                    .as("worker 2 never called and is not waited for; 0 and 1 heard the stop").isTrue();
            assertThat(coordinator.worker(0).seen().stopHeardMillis()).isPositive();
            assertThat(coordinator.worker(2).seen().stopHeardMillis()).isZero();
            assertThat(assignment(coordinator, 2, TOKEN).statusCode()).as("a worker registering late is refused, which ends it").isEqualTo(410);
            assertThat(coordinator.awaitStopHeard(Duration.ofSeconds(10), i -> true)).as("the refusal counts as the stop heard").isTrue();
            assertThat(coordinator.worker(2).seen().stopHeardMillis()).isPositive();
        }
    }

    @Test
    void aWorkerWhoseGeneratorEndedAfterSayingItWasReadyNeverCompletesTheSet() throws Exception {
        try (Coordinator coordinator = coordinator(2)) {
            assignment(coordinator, 0, TOKEN);
            assignment(coordinator, 1, TOKEN);
            assertThat(ready(coordinator, 0)).isEqualTo(new WorkerProtocol.Start(0, false));
            deliver(coordinator, new WorkerProtocol.Delivery(WorkerProtocol.VERSION, 0, 0, "", 0, "", null, 0));

            assertThat(ready(coordinator, 1).startAtMillis()).as("worker 0's generator ended (exit 0) before any start")
                    .isZero();
            assertThat(coordinator.startAtMillis()).isZero();
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
            assertThat(http.send(HttpRequest.newBuilder(coordinator.url().resolve(WorkerProtocol.READY + 0))
                    .header(WorkerProtocol.TOKEN_HEADER, "wrong").POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
            assertThat(coordinator.worker(0).seen().readyMillis()).isZero();
        }
    }

    private Coordinator coordinator(int count) throws Exception {
        return new Coordinator(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), TOKEN, RunLayout.of(tmp),
                new WorkerProtocol.Assignment(WorkerProtocol.VERSION, "name: x\n", List.of(List.of("http://127.0.0.1:1")), "", null, 0, count),
                MARGIN);
    }

    private HttpResponse<String> assignment(Coordinator coordinator, int index, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(coordinator.url().resolve(WorkerProtocol.ASSIGNMENT + index))
                .header(WorkerProtocol.TOKEN_HEADER, token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private WorkerProtocol.Start ready(Coordinator coordinator, int index) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(coordinator.url().resolve(WorkerProtocol.READY + index))
                .header(WorkerProtocol.TOKEN_HEADER, TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return WorkerProtocol.JSON.readValue(response.body(), WorkerProtocol.Start.class);
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
