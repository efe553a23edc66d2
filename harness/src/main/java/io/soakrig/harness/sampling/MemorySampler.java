package io.soakrig.harness.sampling;

import io.soakrig.analysis.memory.MemorySample;
import io.soakrig.analysis.memory.MemorySampleLog;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls each stub's admin {@code /metrics} on a fixed period and appends what it reads to the
 * run's memory-sample log.
 *
 * <p>A failed scrape is logged once per target and skipped, not retried in a burst: a target
 * that stopped answering its admin port is a fact the memory series shows as a gap.
 */
public final class MemorySampler implements AutoCloseable {
    /** Source name recorded with every sample taken from a stub's admin endpoint. */
    public static final String STUB_ADMIN = "stub-admin";
    private static final Logger LOG = LoggerFactory.getLogger(MemorySampler.class);
    private static final Duration SCRAPE_TIMEOUT = Duration.ofSeconds(2);

    /** A target's metrics endpoint and the bearer token it wants. */
    public record Endpoint(String target, URI metricsUrl, String token) {
    }

    private final List<Endpoint> endpoints;
    private final MemorySampleLog log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(SCRAPE_TIMEOUT).build();
    private final Map<String, MemorySample> latest = new ConcurrentHashMap<>();
    private final Map<String, Boolean> failing = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "memory-sampler");
        t.setDaemon(true);
        return t;
    });

    public MemorySampler(List<Endpoint> endpoints, MemorySampleLog log) {
        this.endpoints = List.copyOf(endpoints);
        this.log = log;
    }

    /** Starts sampling every {@code period}, the first sample immediately. */
    public void start(Duration period) {
        timer.scheduleAtFixedRate(this::sampleAll, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Takes one sample of every target now, on the caller's thread, after stopping the timer. */
    public void finalSample() {
        stopTimer();
        sampleAll();
    }

    /** The most recent sample of each target, for progress display. */
    public Map<String, MemorySample> latest() {
        return new java.util.TreeMap<>(latest);
    }

    private void sampleAll() {
        for (Endpoint e : endpoints) {
            try {
                MemorySample sample = scrape(e);
                log.append(sample);
                latest.put(e.target(), sample);
                failing.remove(e.target());
            } catch (IOException | RuntimeException ex) {
                if (failing.put(e.target(), true) == null) {
                    LOG.warn("cannot sample memory of target {} at {}: {}", e.target(), e.metricsUrl(), ex.toString());
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private MemorySample scrape(Endpoint e) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(e.metricsUrl())
                .timeout(SCRAPE_TIMEOUT)
                .header("Authorization", "Bearer " + e.token())
                .GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode());
        }
        List<PrometheusText.Sample> metrics = PrometheusText.parse(response.body());
        return new MemorySample(System.currentTimeMillis(), e.target(), STUB_ADMIN,
                figure(metrics, "jvm_memory_used_bytes", Map.of("area", "heap")),
                figure(metrics, "soakrig_heap_after_gc_bytes", Map.of()),
                figure(metrics, "process_resident_memory_bytes", Map.of()),
                figure(metrics, "jvm_gc_collection_seconds_count", Map.of()),
                figure(metrics, "soakrig_requests_served_total", Map.of()));
    }

    /** The summed figure, or -1 when the target does not export it. */
    private static long figure(List<PrometheusText.Sample> metrics, String name, Map<String, String> labels) {
        double v = PrometheusText.sum(metrics, name, labels);
        return Double.isNaN(v) ? -1 : (long) v;
    }

    private void stopTimer() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(SCRAPE_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopTimer();
    }
}
