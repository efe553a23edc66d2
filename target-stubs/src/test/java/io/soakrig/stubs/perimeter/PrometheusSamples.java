package io.soakrig.stubs.perimeter;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.soakrig.stubs.StubMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** A stub's metrics as exposed on its admin port, summed by metric name (labels dropped). */
final class PrometheusSamples {
    private PrometheusSamples() {
    }

    static Map<String, Double> of(StubMetrics metrics) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, metrics.registry().scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Double> sums = new HashMap<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int nameEnd = line.indexOf('{') >= 0 ? line.indexOf('{') : line.indexOf(' ');
            String value = line.substring(line.lastIndexOf(' ') + 1);
            sums.merge(line.substring(0, nameEnd), Double.parseDouble(value), Double::sum);
        }
        return sums;
    }
}
