package io.soakrig.profile;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Prometheus series, named as PromQL names it: {@code jvm_memory_used_bytes{area="heap"}}.
 * Samples of the metric whose labels include these are summed (the pools of a heap, say). Written
 * in a profile as that one string, so that a list of them in order of preference reads as a list.
 *
 * @param metric the metric's name
 * @param labels labels a sample must carry; none means every sample of the metric
 */
public record MetricSelector(String metric, Map<String, String> labels) {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*(,|$)");

    public MetricSelector {
        if (metric == null || !NAME.matcher(metric).matches()) {
            throw new IllegalArgumentException("'" + metric + "' is not a Prometheus metric name");
        }
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /**
     * Reads {@code name} or {@code name{label="value",…}}.
     *
     * @throws IllegalArgumentException saying what is wrong, in one line
     */
    public static MetricSelector parse(String written) {
        String text = written == null ? "" : written.strip();
        int brace = text.indexOf('{');
        if (brace < 0) {
            return new MetricSelector(text, Map.of());
        }
        if (!text.endsWith("}")) {
            throw new IllegalArgumentException("'" + written + "': labels end with '}'");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        String inside = text.substring(brace + 1, text.length() - 1);
        Matcher m = LABEL.matcher(inside);
        int at = 0;
        while (at < inside.length() && !inside.substring(at).isBlank()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("'" + written + "': write labels as name{label=\"value\",…}");
            }
            labels.put(m.group(1), m.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
            at = m.end();
        }
        return new MetricSelector(text.substring(0, brace), labels);
    }

    /** As written in PromQL. */
    @Override
    public String toString() {
        if (labels.isEmpty()) {
            return metric;
        }
        StringBuilder s = new StringBuilder(metric).append('{');
        labels.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> s.append(s.charAt(s.length() - 1) == '{' ? "" : ",")
                .append(e.getKey()).append("=\"").append(e.getValue().replace("\\", "\\\\").replace("\"", "\\\"")).append('"'));
        return s.append('}').toString();
    }
}
