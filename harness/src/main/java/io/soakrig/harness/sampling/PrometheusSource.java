package io.soakrig.harness.sampling;

import io.soakrig.contract.memory.MemorySample;
import io.soakrig.profile.MetricSelector;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;

/**
 * Any service's Prometheus endpoint, read for a memory metric — e.g.
 * {@code jvm_memory_used_bytes{area="heap"}}, {@code process_resident_memory_bytes} or Envoy's
 * {@code envoy_server_memory_allocated}. Samples matching the labels are summed.
 *
 * <p>The metric is the first of {@code preference} that the first answering scrape holds (above
 * zero), and
 * stays that one for the run: a series that switched metrics midway would show a step that is no
 * growth. A limit series, when one of {@code limits} is exported, goes with each reading. The
 * choice is told once to {@code chosen}. A chosen metric that later goes missing is an error of
 * the scrape, reported once, not a zero; so is a scrape holding none of the metrics.
 */
public final class PrometheusSource implements MemorySource {
    /** How the source's choice is told: the metric, the limit series (null for none), the endpoint. */
    public interface Choice {
        void chosen(MetricSelector metric, MetricSelector limit, URI url);
    }

    private final String target;
    private final URI url;
    private final List<MetricSelector> preference;
    private final List<MetricSelector> limits;
    private final HttpClient http;
    private final Choice chosen;
    private volatile MetricSelector metric;
    private volatile MetricSelector limit;

    /**
     * @param preference the metrics to read, best first, at least one
     * @param limits     series that may give the memory limit, best first; empty for none
     * @param chosen     told of the choice once it is made
     */
    public PrometheusSource(String target, URI url, List<MetricSelector> preference, List<MetricSelector> limits,
                            HttpClient http, Choice chosen) {
        if (preference.isEmpty()) {
            throw new IllegalArgumentException("a Prometheus source reads at least one metric");
        }
        this.target = target;
        this.url = url;
        this.preference = List.copyOf(preference);
        this.limits = List.copyOf(limits);
        this.http = http;
        this.chosen = chosen;
    }

    /** The series this source reads, null before its first answering scrape. */
    public MetricSelector metric() {
        return metric;
    }

    @Override
    public String target() {
        return target;
    }

    @Override
    public MemorySample sample(SampleClock clock) throws IOException, InterruptedException {
        List<PrometheusText.Sample> scraped = PrometheusText.scrape(http, url, null);
        if (metric == null) {
            choose(scraped);
        }
        long value = figure(scraped, metric);
        if (value < 0) {
            throw new IOException("no sample of " + metric + " at " + url);
        }
        long limitBytes = limit == null ? -1 : figure(scraped, limit);
        return new MemorySample(clock.epochMillis(), target, "prometheus", -1, -1, -1, -1, -1, value,
                limitBytes > 0 ? limitBytes : -1, -1);
    }

    private synchronized void choose(List<PrometheusText.Sample> scraped) throws IOException {
        if (metric != null) {
            return;
        }
        MetricSelector found = firstExported(scraped, preference);
        if (found == null) {
            throw new IOException("none of " + preference + " at " + url);
        }
        limit = firstExported(scraped, limits);
        metric = found;
        chosen.chosen(metric, limit, url);
    }

    /**
     * The first of {@code candidates} that {@code scraped} holds with a figure above zero, or null.
     * A memory gauge at zero is not measuring yet: Micrometer's {@code jvm_gc_live_data_size_bytes}
     * reads 0 until the first old-generation collection, which may never come in a run, and a flat
     * zero would look like no growth at all.
     */
    static MetricSelector firstExported(List<PrometheusText.Sample> scraped, List<MetricSelector> candidates) {
        return candidates.stream().filter(c -> figure(scraped, c) > 0).findFirst().orElse(null);
    }

    private static long figure(List<PrometheusText.Sample> scraped, MetricSelector series) {
        return PrometheusText.figure(scraped, series.metric(), series.labels());
    }
}
