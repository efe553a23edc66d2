package io.soakrig.harness.metrics;

import io.prometheus.metrics.config.ExporterOpenTelemetryProperties;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.opentelemetry.OpenTelemetryExporter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
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
 * <p>The exporter configures itself through OpenTelemetry's SDK autoconfiguration, where the
 * standard {@code OTEL_*} environment and {@code otel.*} system properties rank above what the code
 * asks: a push is therefore refused when one of them would send the figures elsewhere than
 * {@code --otlp-endpoint} says, or change how or how often (headers and resource attributes may
 * still be added that way).
 *
 * <p>A collector that cannot be reached costs the run one line when the first push fails and a
 * count at the end, nothing else: the live metrics are for watching, never part of the verdict.
 * The exporter reports through {@code java.util.logging}, a stack trace per failure and at most five
 * a minute; its reports are taken from it here and told in soakrig's own words.
 */
public final class MetricsPush implements AutoCloseable {
    /** How often the figures are pushed. */
    public static final Duration INTERVAL = Duration.ofSeconds(10);

    /**
     * How long one push may take. Closing waits for one in flight, the exporter's own last push and
     * the last push proper: at most three times this.
     */
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static final String METRICS_PATH = "/v1/metrics";

    /** The OpenTelemetry settings that rank above what soakrig gives the exporter (see {@link #steering}). */
    private static final List<String> STEERING = List.of("otel.exporter.otlp.endpoint", "otel.exporter.otlp.metrics.endpoint",
            "otel.exporter.otlp.protocol", "otel.exporter.otlp.metrics.protocol", "otel.exporter.otlp.timeout",
            "otel.exporter.otlp.metrics.timeout", "otel.metric.export.interval", "otel.metrics.exporter", "otel.sdk.disabled");

    /** Where the exporter, shaded into the Prometheus client's jar, logs; held so its settings stay. */
    private static final Logger EXPORTER_LOG = Logger.getLogger("io.prometheus.metrics.shaded");

    /** The one handler on {@link #EXPORTER_LOG}, passing reports to the push that is running, if any. */
    private static final Reports REPORTS = new Reports();

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final OpenTelemetryExporter exporter;
    private final Failures failures;
    private final PrometheusProperties properties;
    private final PrometheusRegistry registry;

    private MetricsPush(OpenTelemetryExporter exporter, Failures failures, PrometheusProperties properties, PrometheusRegistry registry) {
        this.exporter = exporter;
        this.failures = failures;
        this.properties = properties;
        this.registry = registry;
    }

    /**
     * Checks that {@code endpoint} is a URL a push can go to (where it may go is the caller's
     * {@code TargetPolicy}'s to say).
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
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("must not carry a user or password (give headers through OTEL_EXPORTER_OTLP_HEADERS)");
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
     * @param instance the {@code service.instance.id} resource attribute: what tells this run's series from another's
     * @param err      where the first failed push and, at close, the count of failed ones are told
     * @throws IllegalStateException when the exporter cannot start (the {@code OTEL_*} environment
     *                               can turn it off or ask for what it does not have), saying why in one line
     */
    public static MetricsPush start(URI endpoint, PrometheusRegistry registry, String instance, Duration interval, PrintWriter err) {
        Optional<String> steering = steering(System.getenv(), System.getProperties());
        if (steering.isPresent()) {
            throw new IllegalStateException(steering.get() + " is set, which the OpenTelemetry exporter would follow rather than"
                    + " this flag; unset it");
        }
        Failures failures = new Failures(endpoint, err);
        REPORTS.to(failures);
        try {
            PrometheusProperties properties = PrometheusProperties.builder()
                    .exporterOpenTelemetryProperties(ExporterOpenTelemetryProperties.builder()
                            .protocol("http/protobuf")
                            .endpoint(metricsUrl(endpoint))
                            .intervalSeconds(Math.toIntExact(Math.max(1, interval.toSeconds())))
                            .timeoutSeconds(Math.toIntExact(TIMEOUT.toSeconds()))
                            .serviceName("soakrig")
                            .serviceInstanceId(instance)
                            .build())
                    .build();
            return new MetricsPush(OpenTelemetryExporter.builder(properties).registry(registry).buildAndStart(), failures, properties,
                    registry);
        } catch (RuntimeException e) {
            REPORTS.to(null);
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw new IllegalStateException("the OpenTelemetry exporter did not start (" + why + ")", e);
        }
    }

    /**
     * The first OpenTelemetry setting in {@code env} or {@code properties} that would take the push
     * elsewhere, or change how or how often it goes, over what soakrig asks of the exporter.
     */
    static Optional<String> steering(Map<String, String> env, Properties properties) {
        for (String key : STEERING) {
            String variable = key.toUpperCase(Locale.ROOT).replace('.', '_');
            if (env.get(variable) != null) {
                return Optional.of("the environment variable " + variable);
            }
            if (properties.getProperty(key) != null) {
                return Optional.of("the system property " + key);
            }
        }
        return Optional.empty();
    }

    /** {@code endpoint} with {@code /v1/metrics}, OTLP/HTTP's path for metrics, added unless it ends so already. */
    static String metricsUrl(URI endpoint) {
        String url = endpoint.toString();
        if (url.endsWith(METRICS_PATH)) {
            return url;
        }
        return (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + METRICS_PATH;
    }

    /**
     * Pushes the figures once more and stops; says how many pushes failed. The exporter's own last
     * push at close is not enough: it is dropped when a push is still under way, and closing cancels
     * that one. So the exporter is closed, its cancelled pushes are not counted as failures, and the
     * last push is made by an exporter of its own, started for it alone: the collector may get the
     * final figures twice, never not at all while it can be reached.
     */
    @Override
    public void close() {
        failures.closing = true;
        try {
            exporter.close();
            OpenTelemetryExporter.builder(properties).registry(registry).buildAndStart().close();
        } finally {
            REPORTS.to(null);
            failures.tell();
        }
    }

    /** The JVM's one handler of the exporter's reports; installed with the first push, never removed. */
    private static final class Reports extends Handler {
        private volatile Failures current;

        void to(Failures failures) {
            synchronized (EXPORTER_LOG) {
                if (!java.util.Arrays.asList(EXPORTER_LOG.getHandlers()).contains(this)) {
                    EXPORTER_LOG.setUseParentHandlers(false);
                    EXPORTER_LOG.addHandler(this);
                }
            }
            current = failures;
        }

        @Override
        public void publish(LogRecord record) {
            Failures failures = current;
            if (failures != null) {
                failures.publish(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    /** One push's failures: counted, the first told at once, the rest at close. */
    private static final class Failures {
        private final URI endpoint;
        private final PrintWriter err;
        private final SimpleFormatter formatter = new SimpleFormatter();
        private volatile boolean closing;
        private long count;
        private Instant last;

        Failures(URI endpoint, PrintWriter err) {
            this.endpoint = endpoint;
            this.err = err;
        }

        synchronized void publish(LogRecord record) {
            String message = formatter.formatMessage(record).lines().findFirst().orElse("");
            if (record.getLevel().intValue() < Level.WARNING.intValue() || message.startsWith("Too many log messages")
                    || closing && (message.endsWith("Canceled") || message.endsWith("Socket closed"))) {
                return;
            } else if (message.startsWith("Failed to export")) {
                if (count++ == 0) {
                    say("the OTLP push to " + endpoint + " failed (" + message + "); the run goes on, and failures are counted at its end");
                }
                last = record.getInstant();
            } else {
                say("the OTLP exporter says: " + message);
            }
        }

        synchronized void tell() {
            if (count > 0) {
                say("the OTLP exporter reported " + count + (count == 1 ? " failure" : " failures") + " to push to " + endpoint
                        + ", the last at " + CLOCK.format(last) + " (it reports at most five a minute)");
            }
        }

        private void say(String line) {
            err.println("soakrig: " + line);
            err.flush();
        }
    }
}
