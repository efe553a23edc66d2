package io.soakrig.harness.metrics;

import io.prometheus.metrics.exporter.opentelemetry.OpenTelemetryExporter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Pushes a run's {@link LiveMetrics} over OTLP (http/protobuf) to a collector, for users whose
 * metrics pipeline is OpenTelemetry rather than a Prometheus that can reach the harness's loopback
 * endpoint. The series are those {@link MetricsServer} serves, converted by the Prometheus client's
 * own OpenTelemetry exporter, so both ways of watching a run see the same figures. Closing pushes
 * once more: the collector ends with the run's final figures (its state ENDED, the verdict).
 *
 * <p>A collector that cannot be reached costs the run nothing but one line when the first push
 * fails and a count of the failed pushes at the end: the live metrics are for watching, never part
 * of the verdict. The exporter reports its failures through {@code java.util.logging}, a stack trace
 * every push; they are taken from it here instead.
 */
public final class MetricsPush implements AutoCloseable {
    /** How often the figures are pushed. */
    public static final Duration INTERVAL = Duration.ofSeconds(10);

    /** How long one push may take, the last one at close included. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** Where the exporter, shaded into the Prometheus client's jar, logs. */
    private static final Logger EXPORTER_LOG = Logger.getLogger("io.prometheus.metrics.shaded");

    private final OpenTelemetryExporter exporter;
    private final Failures failures;
    private final URI endpoint;
    private final PrintWriter err;

    private MetricsPush(OpenTelemetryExporter exporter, Failures failures, URI endpoint, PrintWriter err) {
        this.exporter = exporter;
        this.failures = failures;
        this.endpoint = endpoint;
        this.err = err;
    }

    /**
     * Checks that {@code endpoint} is a URL a push can go to.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static URI endpoint(String endpoint) {
        URI uri;
        try {
            uri = URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URL (" + e.getMessage() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("must be an http:// or https:// URL naming a host, e.g. http://127.0.0.1:4318");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("must not carry a query or a fragment");
        }
        return uri;
    }

    /**
     * Starts pushing {@code registry} to {@code endpoint} every {@code interval}; {@code /v1/metrics}
     * is added to the endpoint unless it ends so already.
     *
     * @param profile the profile's name, sent as the {@code service.instance.id} resource attribute
     * @param err     where the first failed push and, at close, the count of failed ones are told
     */
    public static MetricsPush start(URI endpoint, PrometheusRegistry registry, String profile, Duration interval, PrintWriter err) {
        Failures failures = new Failures(endpoint, err);
        EXPORTER_LOG.setUseParentHandlers(false);
        EXPORTER_LOG.addHandler(failures);
        OpenTelemetryExporter exporter = OpenTelemetryExporter.builder()
                .registry(registry)
                .protocol("http/protobuf")
                .endpoint(endpoint.toString())
                .intervalSeconds(Math.toIntExact(Math.max(1, interval.toSeconds())))
                .timeoutSeconds(Math.toIntExact(TIMEOUT.toSeconds()))
                .serviceName("soakrig")
                .serviceInstanceId(profile)
                .buildAndStart();
        return new MetricsPush(exporter, failures, endpoint, err);
    }

    /** Pushes the figures once more and stops; says how many pushes failed, if any did. */
    @Override
    public void close() {
        try {
            exporter.close();
        } finally {
            EXPORTER_LOG.removeHandler(failures);
            EXPORTER_LOG.setUseParentHandlers(true);
        }
        long failed = failures.count.get();
        if (failed > 0) {
            err.println("soakrig: " + failed + (failed == 1 ? " OTLP push" : " OTLP pushes") + " to " + endpoint + " failed");
            err.flush();
        }
    }

    /** The exporter's warnings and errors: counted, and the first told in one line. */
    private static final class Failures extends Handler {
        private final AtomicLong count = new AtomicLong();
        private final URI endpoint;
        private final PrintWriter err;
        private final SimpleFormatter formatter = new SimpleFormatter();

        Failures(URI endpoint, PrintWriter err) {
            this.endpoint = endpoint;
            this.err = err;
        }

        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() < Level.WARNING.intValue()) {
                return;
            }
            if (count.getAndIncrement() == 0) {
                String message = formatter.formatMessage(record).lines().findFirst().orElse("");
                err.println("soakrig: the OTLP push to " + endpoint + " failed (" + message
                        + "); the run goes on, and failed pushes are counted at its end");
                err.flush();
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
