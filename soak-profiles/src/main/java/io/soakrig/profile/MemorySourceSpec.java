package io.soakrig.profile;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a running service's memory is read, once a second: a Prometheus text endpoint
 * ({@link PrometheusMemory}, written {@code prometheus: …} with {@code metric}, or {@code metrics} in
 * order of preference, and optionally a {@code limit}) or a local process
 * ({@link ProcessMemory}, written {@code pid: …}). Sealed, so a source is always exactly one kind; a
 * new kind is a new record here and one line in {@link Form}.
 */
public sealed interface MemorySourceSpec permits PrometheusMemory, ProcessMemory {

    /** Checks this source, placed at its key. */
    void check(Checks at);

    /** The keys a memory source may be written with. */
    record Form(URI prometheus, String metric, Map<String, String> labels, List<String> metrics, String limit, Long pid)
            implements ProfileBinding.Form<MemorySourceSpec> {
        @Override
        public MemorySourceSpec choice(Checks at) {
            if ((prometheus == null) == (pid == null)) {
                return at.unreadable("give exactly one of 'prometheus' (with 'metric' or 'metrics') or 'pid'");
            }
            if (pid != null) {
                String misplaced = metric != null ? "metric" : labels != null ? "labels" : metrics != null ? "metrics" : limit != null ? "limit" : null;
                return misplaced != null ? at.at(misplaced).unreadable("belongs to a 'prometheus' source, not to 'pid'") : new ProcessMemory(pid);
            }
            if (metric != null && metrics != null) {
                return at.at("metrics").unreadable("give either 'metric' (with 'labels') or 'metrics', not both");
            }
            if (metrics != null && labels != null) {
                return at.at("labels").unreadable("belongs to 'metric'; in 'metrics' write each one's labels as name{label=\"value\"}");
            }
            List<MetricSelector> preference = new ArrayList<>();
            if (metric != null) {
                MetricSelector one = selector(at.at("metric"), () -> new MetricSelector(metric, labels));
                if (one == null) {
                    return null;
                }
                preference.add(one);
            }
            for (int i = 0; metrics != null && i < metrics.size(); i++) {
                String written = metrics.get(i);
                MetricSelector one = selector(at.at("metrics").at(i), () -> MetricSelector.parse(written));
                if (one == null) {
                    return null;
                }
                preference.add(one);
            }
            if (metrics != null && preference.isEmpty()) {
                return at.at("metrics").unreadable("name at least one metric");
            }
            MetricSelector limitSeries = limit == null ? null : selector(at.at("limit"), () -> MetricSelector.parse(limit));
            if (limit != null && limitSeries == null) {
                return null;
            }
            return new PrometheusMemory(prometheus, preference, limitSeries);
        }

        private static MetricSelector selector(Checks at, java.util.function.Supplier<MetricSelector> read) {
            try {
                return read.get();
            } catch (IllegalArgumentException e) {
                return at.unreadable(e.getMessage());
            }
        }
    }

    /** Binds a memory source from its {@link Form}. */
    ProfileBinding.Alternatives<MemorySourceSpec, Form> BINDING = new ProfileBinding.Alternatives<>(MemorySourceSpec.class, Form.class);
}
