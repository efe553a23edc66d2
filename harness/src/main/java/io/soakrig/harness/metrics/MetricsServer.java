package io.soakrig.harness.metrics;

import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves a run's {@link LiveMetrics} as Prometheus text on {@code http://127.0.0.1:PORT/metrics}
 * while the run goes: loopback only, like the stubs, so a soak exposes nothing beyond the machine
 * (a Prometheus elsewhere reaches it through its own agent or a tunnel). The JDK's own HTTP server
 * answers one scrape at a time on a single thread; a scrape is a few hundred lines.
 */
public final class MetricsServer implements AutoCloseable {
    public static final String PATH = "/metrics";

    /**
     * After the run, how long the endpoint waits for one more scrape before it closes: without it
     * the final figures (the last latency intervals, the verdict) are served only for the moments
     * the analysis takes, and a scraper can miss them.
     */
    public static final Duration FINAL_SCRAPE_WITHIN = Duration.ofSeconds(5);

    private final HttpServer server;
    private final PrometheusRegistry registry;
    private final Scrapes scrapes;

    private MetricsServer(HttpServer server, PrometheusRegistry registry, Scrapes scrapes) {
        this.server = server;
        this.registry = registry;
        this.scrapes = scrapes;
    }

    /** Numbers the scrapes as they begin, and keeps the number of the last one answered. */
    private static final class Scrapes {
        private final AtomicLong begun = new AtomicLong();
        private volatile long lastAnswered;
    }

    /**
     * Starts serving {@code registry} on 127.0.0.1:{@code port}.
     *
     * @throws IOException when the port cannot be bound (in use, or not permitted)
     */
    public static MetricsServer start(int port, PrometheusRegistry registry) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
        Scrapes scrapes = new Scrapes();
        server.createContext(PATH, exchange -> {
            try (exchange) {
                long number = scrapes.begun.incrementAndGet();
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                writer.write(body, registry.scrape());
                exchange.getResponseHeaders().set("Content-Type", writer.getContentType());
                exchange.sendResponseHeaders(200, body.size());
                try (OutputStream out = exchange.getResponseBody()) {
                    body.writeTo(out);
                }
                scrapes.lastAnswered = number;
            }
        });
        server.start();
        return new MetricsServer(server, registry, scrapes);
    }

    /**
     * Closes once a scrape that began after this call has been answered (so whoever scrapes has
     * the run's final figures), or after {@code bound}, whichever comes first.
     */
    public void closeOnceScraped(Duration bound) throws InterruptedException {
        long mark = scrapes.begun.get();
        long end = System.nanoTime() + bound.toNanos();
        try {
            while (scrapes.lastAnswered <= mark && System.nanoTime() < end) {
                Thread.sleep(20);
            }
        } finally {
            close();
        }
    }

    /** The port bound (the one asked for, or the one the system chose for 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The registry scraped, for checking names against what is served. */
    public PrometheusRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
