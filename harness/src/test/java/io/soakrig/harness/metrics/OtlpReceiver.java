package io.soakrig.harness.metrics;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A collector's OTLP/HTTP metrics receiver on loopback, decoding each push with the
 * OpenTelemetry protocol's own classes, so a test reads what a real collector would receive.
 */
public final class OtlpReceiver implements AutoCloseable {
    private final HttpServer server;
    private final List<ExportMetricsServiceRequest> pushes = new ArrayList<>();

    public OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/metrics", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                ExportMetricsServiceRequest push = ExportMetricsServiceRequest.parseFrom(in.readAllBytes());
                synchronized (pushes) {
                    pushes.add(push);
                }
                byte[] answer = ExportMetricsServiceResponse.getDefaultInstance().toByteArray();
                exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
                if (answer.length > 0) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(answer);
                    }
                }
            }
        });
        server.start();
    }

    /** The base URL to push to: {@code http://127.0.0.1:PORT}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The pushes received so far, oldest first. */
    public List<ExportMetricsServiceRequest> pushes() {
        synchronized (pushes) {
            return List.copyOf(pushes);
        }
    }

    /** The metric called {@code name} in {@code push}, if it carries one. */
    public static Optional<Metric> metric(ExportMetricsServiceRequest push, String name) {
        return push.getResourceMetricsList().stream()
                .flatMap(r -> r.getScopeMetricsList().stream())
                .flatMap(s -> s.getMetricsList().stream())
                .filter(m -> m.getName().equals(name))
                .findFirst();
    }

    /** A state set's states and values in {@code push} (a sum, one point per state, the state an attribute named as the metric). */
    public static Map<String, Double> stateSet(ExportMetricsServiceRequest push, String name) {
        Metric metric = metric(push, name).orElseThrow(() -> new AssertionError("no " + name + " in the push, only " + names(push)));
        Map<String, Double> states = new TreeMap<>();
        for (NumberDataPoint point : metric.getSum().getDataPointsList()) {
            states.put(attributes(point.getAttributesList()).get(name), point.getAsDouble());
        }
        return states;
    }

    /** The count of the histogram point in {@code push} whose attributes include {@code labels}. */
    public static long histogramCount(ExportMetricsServiceRequest push, String name, Map<String, String> labels) {
        Metric metric = metric(push, name).orElseThrow(() -> new AssertionError("no " + name + " in the push, only " + names(push)));
        return metric.getHistogram().getDataPointsList().stream()
                .filter(p -> attributes(p.getAttributesList()).entrySet().containsAll(labels.entrySet()))
                .mapToLong(HistogramDataPoint::getCount)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " point with " + labels));
    }

    /** The names of the metrics in {@code push}. */
    public static List<String> names(ExportMetricsServiceRequest push) {
        return push.getResourceMetricsList().stream()
                .flatMap(r -> r.getScopeMetricsList().stream())
                .flatMap(s -> s.getMetricsList().stream())
                .map(Metric::getName)
                .toList();
    }

    private static Map<String, String> attributes(List<KeyValue> attributes) {
        Map<String, String> map = new TreeMap<>();
        attributes.forEach(kv -> map.put(kv.getKey(), kv.getValue().getStringValue()));
        return map;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
