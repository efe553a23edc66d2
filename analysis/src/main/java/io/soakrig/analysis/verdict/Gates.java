package io.soakrig.analysis.verdict;

/**
 * The thresholds a run is judged against; a null threshold is not checked.
 *
 * @param p99LatencyMs highest acceptable p99 of successful requests, milliseconds
 * @param errorRate    highest acceptable share of failed requests, 0..1
 * @param noLeak       whether a leak called on any target fails the run
 */
public record Gates(Double p99LatencyMs, Double errorRate, boolean noLeak) {
    public static final Gates NONE = new Gates(null, null, false);
}
