package io.soakrig.harness.sampling;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reader of the Prometheus text exposition format (version 0.0.4), enough to take figures from
 * any service's {@code /metrics}: comments and blank lines skipped, labels with escaped quotes,
 * optional timestamps, {@code NaN} and {@code ±Inf}.
 */
public final class PrometheusText {
    /** How long one scrape may take. */
    public static final java.time.Duration SCRAPE_TIMEOUT = java.time.Duration.ofSeconds(2);

    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private PrometheusText() {
    }

    /** Parses {@code text}; lines that are not valid samples are skipped rather than failing the scrape. */
    public static List<Sample> parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            Sample s = sample(l);
            if (s != null) {
                samples.add(s);
            }
        }
        return samples;
    }

    /** Sum of every sample named {@code name} whose labels include {@code labels}; NaN when none matches. */
    public static double sum(List<Sample> samples, String name, Map<String, String> labels) {
        double total = Double.NaN;
        for (Sample s : samples) {
            if (s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet())) {
                total = Double.isNaN(total) ? s.value() : total + s.value();
            }
        }
        return total;
    }

    /** GETs and parses {@code url}, with a bearer token when one is given. */
    public static List<Sample> scrape(java.net.http.HttpClient http, java.net.URI url, String bearerToken)
            throws java.io.IOException, InterruptedException {
        var request = java.net.http.HttpRequest.newBuilder(url).timeout(SCRAPE_TIMEOUT).GET();
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        var response = http.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new java.io.IOException("HTTP " + response.statusCode() + " from " + url);
        }
        return parse(response.body());
    }

    /** The summed figure as a whole number, or -1 when no sample matches. */
    public static long figure(List<Sample> samples, String name, Map<String, String> labels) {
        double v = sum(samples, name, labels);
        return Double.isNaN(v) ? -1 : (long) v;
    }

    private static Sample sample(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && !Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        String name = line.substring(0, i);
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i = labels(line, i + 1, labels);
            if (i < 0) {
                return null;
            }
        }
        String[] rest = line.substring(i).strip().split("\\s+");
        if (name.isEmpty() || rest.length == 0 || rest[0].isEmpty()) {
            return null;
        }
        try {
            return new Sample(name, labels, value(rest[0]));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Reads {@code k="v",...}} from {@code i}; returns the index after '}' or -1 if malformed. */
    private static int labels(String line, int i, Map<String, String> labels) {
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '}') {
                return i + 1;
            }
            if (c == ',' || c == ' ') {
                i++;
                continue;
            }
            int eq = line.indexOf('=', i);
            if (eq < 0 || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
                return -1;
            }
            String key = line.substring(i, eq).strip();
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            for (; j < line.length() && line.charAt(j) != '"'; j++) {
                char v = line.charAt(j);
                if (v == '\\' && j + 1 < line.length()) {
                    char e = line.charAt(++j);
                    value.append(e == 'n' ? '\n' : e);
                } else {
                    value.append(v);
                }
            }
            if (j >= line.length()) {
                return -1;
            }
            labels.put(key, value.toString());
            i = j + 1;
        }
        return -1;
    }

    private static double value(String text) {
        return switch (text) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }
}
