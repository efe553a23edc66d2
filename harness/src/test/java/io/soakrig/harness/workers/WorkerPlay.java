package io.soakrig.harness.workers;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Plays workers' side of the {@link WorkerProtocol} for a test, by its HTTP calls alone: where no
 * real {@code soakrig worker} runs (the mock API server's pods), the test is the worker.
 */
public final class WorkerPlay {
    private static final Duration BOUND = Duration.ofSeconds(20);
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI coordinator;
    private final String token;

    public WorkerPlay(URI coordinator, String token) {
        this.coordinator = coordinator;
        this.token = token;
    }

    /** Registers workers 0..count-1, retried while the coordinator is not up yet, until each is given its work. */
    public void registerAll(int count) throws Exception {
        long end = System.nanoTime() + BOUND.toNanos();
        boolean[] given = new boolean[count];
        while (System.nanoTime() < end) {
            for (int i = 0; i < count; i++) {
                try {
                    given[i] |= http.send(request(WorkerProtocol.ASSIGNMENT + i).GET().build(), HttpResponse.BodyHandlers.ofString())
                            .statusCode() == 200;
                } catch (java.io.IOException notYet) {
                    // the coordinator starts with the run
                }
            }
            if (java.util.stream.IntStream.range(0, count).allMatch(i -> given[i])) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the " + count + " workers were not given their work within " + BOUND.toSeconds() + " s");
    }

    /** Reports worker {@code index}'s generator ready; the coordinator's answer. */
    public WorkerProtocol.Start ready(int index) throws Exception {
        HttpResponse<String> response = http.send(request(WorkerProtocol.READY + index).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("ready report of worker " + index + ": " + response.statusCode() + " " + response.body());
        }
        return WorkerProtocol.JSON.readValue(response.body(), WorkerProtocol.Start.class);
    }

    /** Whether worker {@code index}, ready and asking for its start, is told to stop instead (and never given a start) within the bound. */
    public boolean toldToStop(int index) throws Exception {
        long end = System.nanoTime() + BOUND.toNanos();
        while (System.nanoTime() < end) {
            WorkerProtocol.Start start = ready(index);
            if (start.startAtMillis() > 0) {
                return false;
            }
            if (start.stop()) {
                return true;
            }
            Thread.sleep(WorkerProtocol.READY_POLL.toMillis());
        }
        return false;
    }

    /**
     * Whether worker {@code index}, its generator still booting, is told to stop at one of its
     * heartbeats (a delivery every {@link WorkerProtocol#DELIVERY_PERIOD}) within the bound.
     */
    public boolean toldToStopAtHeartbeat(int index) throws Exception {
        long end = System.nanoTime() + BOUND.toNanos();
        while (System.nanoTime() < end) {
            WorkerProtocol.Delivery beat = new WorkerProtocol.Delivery(WorkerProtocol.VERSION, index, 0, "", 0, "", null, null);
            HttpResponse<String> response = http.send(request(WorkerProtocol.DELIVERY)
                    .POST(HttpRequest.BodyPublishers.ofString(WorkerProtocol.JSON.writeValueAsString(beat))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("heartbeat of worker " + index + ": " + response.statusCode() + " " + response.body());
            }
            if (WorkerProtocol.JSON.readValue(response.body(), WorkerProtocol.Reply.class).stop()) {
                return true;
            }
            Thread.sleep(WorkerProtocol.DELIVERY_PERIOD.toMillis());
        }
        return false;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(coordinator.resolve(path)).timeout(Duration.ofSeconds(5)).header(WorkerProtocol.TOKEN_HEADER, token);
    }
}
