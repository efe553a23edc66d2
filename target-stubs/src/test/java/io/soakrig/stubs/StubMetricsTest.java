package io.soakrig.stubs;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Answer counting: each endpoint and status its own series, whatever the status. */
class StubMetricsTest {
    private final StubMetrics metrics = new StubMetrics();

    @Test
    void everyStatusIsItsOwnSeriesIncludingResetsAndStatusesOutsideHttpRange() throws IOException {
        metrics.answered("catalog", 0);
        metrics.answered("catalog", 200);
        metrics.answered("catalog", 200);
        metrics.answered("catalog", 700);
        metrics.answered("search", 200);

        assertThat(scrape())
                .contains("soakrig_responses_total{endpoint=\"catalog\",status=\"0\"} 1.0")
                .contains("soakrig_responses_total{endpoint=\"catalog\",status=\"200\"} 2.0")
                .contains("soakrig_responses_total{endpoint=\"catalog\",status=\"700\"} 1.0")
                .contains("soakrig_responses_total{endpoint=\"search\",status=\"200\"} 1.0");
        assertThat(metrics.requestsServed()).isEqualTo(5);
    }

    private String scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, metrics.registry().scrape());
        return out.toString(StandardCharsets.UTF_8);
    }
}
