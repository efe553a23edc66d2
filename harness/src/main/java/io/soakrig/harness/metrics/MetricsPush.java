package io.soakrig.harness.metrics;

import io.prometheus.metrics.config.ExporterOpenTelemetryProperties;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.opentelemetry.OpenTelemetryExporter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
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
 * <p>The exporter configures itself through OpenTelemetry's SDK autoconfiguration. soakrig's
 * endpoint, protocol, interval, timeout and service name rank above the machine's {@code OTEL_*}
 * variables and {@code otel.*} system properties there, but a few of those still win (see
 * {@link #steering}): a push is refused while one of them is set.
 *
 * <p>A collector that cannot be reached costs the run one line when the first push fails and a
 * count at the end, nothing else: the live metrics are for watching, never part of the verdict.
 * The exporter reports through {@code java.util.logging}, with stack traces; its reports are taken
 * from it here and told in soakrig's own words.
 */
public final class MetricsPush implements AutoCloseable {
    /** How often the figures are pushed. */
    public static final Duration INTERVAL = Duration.ofSeconds(10);

    /**
     * How long the exporter gives one push (its retries included) before it gives up on it: under the
     * 5 s its reader waits for the last push at close, so that a last push that times out is told as
     * failed rather than cut off unseen.
     */
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private static final String METRICS_PATH = "/v1/metrics";

    /**
     * The OpenTelemetry settings besides {@link #METRICS_ENDPOINT} that win over what soakrig gives the
     * exporter: another exporter or none, the SDK off, or a configuration file in place of the
     * autoconfiguration.
     */
    private static final List<String> STEERING = List.of("otel.metrics.exporter", "otel.sdk.disabled", "otel.experimental.config.file",
            "otel.config.file");

    /** The one setting that steers even when empty: the Prometheus client turns an empty one into a path of its own. */
    private static final String METRICS_ENDPOINT = "otel.exporter.otlp.metrics.endpoint";

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
     * @param say      where the first failed push and, at close, the count of failed ones are told, a line each
     * @throws IllegalStateException when the machine's OpenTelemetry settings would steer the push
     *                               or the exporter cannot start, saying why in one line
     */
    public static MetricsPush start(URI endpoint, PrometheusRegistry registry, String instance, Duration interval, Consumer<String> say) {
        return start(endpoint, registry, instance, interval, say, System.getenv(), System.getProperties());
    }

    static MetricsPush start(URI endpoint, PrometheusRegistry registry, String instance, Duration interval, Consumer<String> say,
                             Map<String, String> env, Properties systemProperties) {
        Optional<String> steering = steering(env, systemProperties);
        if (steering.isPresent()) {
            throw new IllegalStateException(steering.get() + " is set, which the OpenTelemetry exporter would follow rather than"
                    + " this flag; unset it");
        }
        Failures failures = new Failures(endpoint, say);
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
        } catch (RuntimeException | LinkageError e) {
            REPORTS.to(null);
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw new IllegalStateException("the OpenTelemetry exporter did not start (" + why + ")", e);
        }
    }

    /**
     * The first OpenTelemetry setting in {@code env} or {@code properties} that would win over what
     * soakrig asks of the exporter, named as it was given. Keys are compared as the SDK compares them
     * (case aside, {@code _} and {@code -} as {@code .}); an empty value is no setting, as for the SDK,
     * but for the metrics endpoint.
     */
    static Optional<String> steering(Map<String, String> env, Properties properties) {
        for (Map.Entry<String, String> variable : env.entrySet()) {
            if (steers(variable.getKey().replace('_', '.'), variable.getValue())) {
                return Optional.of("the environment variable " + variable.getKey());
            }
        }
        for (String key : properties.stringPropertyNames()) {
            if (steers(key.replace('-', '.'), properties.getProperty(key))) {
                return Optional.of("the system property " + key);
            }
        }
        return Optional.empty();
    }

    private static boolean steers(String key, String value) {
        String normalised = key.toLowerCase(Locale.ROOT);
        if (normalised.equals(METRICS_ENDPOINT)) {
            return value != null;
        }
        return value != null && !value.isBlank() && STEERING.contains(normalised);
    }

    /** {@code endpoint} with {@code /v1/metrics}, OTLP/HTTP's path for metrics, added unless it ends so already. */
    static String metricsUrl(URI endpoint) {
        String url = endpoint.toString();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        return url.endsWith(METRICS_PATH) ? url : url + METRICS_PATH;
    }

    /**
     * Pushes the figures once more and stops; says how many pushes failed. The exporter's own last
     * push at close is not enough: it is dropped when a push is still under way, and closing cancels
     * that one. So the exporter is closed, a push closing cancels is not counted as failed (its report
     * may come after the last push has begun), and the last
     * push is made by an exporter of its own, started for it alone (and waited for): the collector
     * may get the final figures twice, never not at all while it can be reached.
     */
    @Override
    public void close() {
        failures.phase(Phase.CLOSING);
        try {
            exporter.close();
            failures.phase(Phase.LAST);
            OpenTelemetryExporter.builder(properties).registry(registry).buildAndStart().close();
        } catch (RuntimeException | LinkageError e) {
            failures.say.accept("soakrig: the last OTLP push to " + failures.endpoint + " could not be made (" + e + ")");
        } finally {
            REPORTS.to(null);
            failures.tell();
        }
    }

    /** Where a push is: how its reports are read. */
    private enum Phase { PUSHING, CLOSING, LAST }

    /** The JVM's one handler of the exporter's reports; installed with the first push, never removed. */
    private static final class Reports extends Handler {
        private volatile Failures current;

        void to(Failures failures) {
            synchronized (EXPORTER_LOG) {
                if (!Arrays.asList(EXPORTER_LOG.getHandlers()).contains(this)) {
                    EXPORTER_LOG.setUseParentHandlers(false);
                    EXPORTER_LOG.setLevel(Level.FINE);
                    EXPORTER_LOG.addHandler(this);
                }
            }
            current = failures;
        }

        @Override
        public void publish(LogRecord record) {
            Failures failures = current;
            if (failures != null) {
                try {
                    failures.publish(record);
                } catch (RuntimeException e) {
                    // a report that cannot be read is not worth failing the exporter's own thread for
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    /**
     * One push's failures. The exporter's reader notes each failed push at its finest level, and its
     * sender warns with the reason at most five times a minute: the first counts, the second tells why.
     */
    private static final class Failures {
        private final URI endpoint;
        private final Consumer<String> say;
        private final SimpleFormatter formatter = new SimpleFormatter();
        private Phase phase = Phase.PUSHING;
        /** The threads whose push closing cancelled: their note of a failed push that follows is not a failure. */
        private final Set<Long> cancelledByClose = new HashSet<>();
        private long count;
        private boolean told;
        private Instant last;

        Failures(URI endpoint, Consumer<String> say) {
            this.endpoint = endpoint;
            this.say = say;
        }

        synchronized void phase(Phase next) {
            phase = next;
        }

        synchronized void publish(LogRecord record) {
            String message = Objects.toString(formatter.formatMessage(record), "").lines().findFirst().orElse("");
            if (phase != Phase.PUSHING && (message.endsWith("Canceled") || message.endsWith("Socket closed"))) {
                cancelledByClose.add(record.getLongThreadID());
                return;
            }
            if (message.startsWith("Exporter failed")) {
                if (phase != Phase.CLOSING && !cancelledByClose.remove(record.getLongThreadID())) {
                    count++;
                    last = record.getInstant();
                }
            } else if (record.getLevel().intValue() < Level.WARNING.intValue() || message.startsWith("Too many log messages")) {
                return;
            } else if (message.startsWith("Failed to export")) {
                if (!told) {
                    told = true;
                    say.accept("soakrig: the OTLP push to " + endpoint + " failed (" + message
                            + "); the run goes on, and failed pushes are counted at its end");
                }
            } else {
                say.accept("soakrig: the OTLP exporter says: " + message);
            }
        }

        synchronized void tell() {
            if (count > 0) {
                say.accept("soakrig: " + count + (count == 1 ? " OTLP push" : " OTLP pushes") + " to " + endpoint
                        + " failed, the last at " + CLOCK.format(last));
            }
        }
    }
}
