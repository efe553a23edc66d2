package io.soakrig.harness.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    private static final String EXPOSITION = """
            # HELP jvm_memory_used_bytes Used bytes of a given JVM memory area.
            # TYPE jvm_memory_used_bytes gauge
            jvm_memory_used_bytes{area="heap"} 3.3554432E7
            jvm_memory_used_bytes{area="nonheap"} 5.0E7
            jvm_gc_collection_seconds_count{gc="G1 Young Generation"} 4
            jvm_gc_collection_seconds_count{gc="G1 Old Generation"} 1
            envoy_server_memory_allocated{envoy_cluster="a,b",note="say \\"hi\\""} 1234 1700000000000
            process_resident_memory_bytes 1.0E8

            weird_value{} NaN
            broken{area="heap" 5
            """;

    private final List<PrometheusText.Sample> samples = PrometheusText.parse(EXPOSITION);

    @Test
    void readsSamplesWithLabelsAndSkipsCommentsAndBrokenLines() {
        assertThat(samples).extracting(PrometheusText.Sample::name).containsExactly(
                "jvm_memory_used_bytes", "jvm_memory_used_bytes", "jvm_gc_collection_seconds_count",
                "jvm_gc_collection_seconds_count", "envoy_server_memory_allocated", "process_resident_memory_bytes",
                "weird_value");
    }

    @Test
    void selectsByLabelAndSumsAcrossTheRest() {
        assertThat(PrometheusText.sum(samples, "jvm_memory_used_bytes", Map.of("area", "heap"))).isEqualTo(33_554_432.0);
        assertThat(PrometheusText.sum(samples, "jvm_gc_collection_seconds_count", Map.of())).isEqualTo(5.0);
        assertThat(PrometheusText.sum(samples, "absent", Map.of())).isNaN();
    }

    @Test
    void unescapesQuotedLabelValuesAndIgnoresTimestamps() {
        PrometheusText.Sample envoy = samples.get(4);

        assertThat(envoy.labels()).containsEntry("envoy_cluster", "a,b").containsEntry("note", "say \"hi\"");
        assertThat(envoy.value()).isEqualTo(1234.0);
    }
}
