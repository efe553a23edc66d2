package io.soakrig.analysis.experiment;

import io.soakrig.analysis.latency.IntervalCounts;
import io.soakrig.contract.events.EventDetail;
import io.soakrig.contract.events.RunEvent;
import java.util.List;

/**
 * What an incident did to one experiment cell, from the run's events and the cell's latency log,
 * counted from the moment the configuration was pushed to the end of the cell: the question the
 * April 2025 seed asks — did the restarts meet a retry flood and die again, or did the loop break?
 *
 * @param oomKills              processes of the pushed targets killed by their memory limit
 * @param crashes               processes that exited on their own (the latent bug)
 * @param restarts              processes started again by their supervisor
 * @param shedRequests          requests the overload managers refused with 503
 * @param availability          successful logical requests / logical requests, ended after the push
 * @param recoveredAfterSeconds from the push to the start of the stretch that lasted to the end of
 *                              the cell with no crash or kill and at least {@value #HEALTHY} of
 *                              logical requests succeeding each second; null when none did
 * @param peakAmplification     the most attempts sent in one second after the push, over the
 *                              cell's mean logical requests per second: the retry flood's height
 * @param loopBroke             whether the cell recovered by itself, with at least
 *                              {@value #SETTLED_SECONDS} s of healthy traffic to show for it
 */
public record IncidentOutcome(int oomKills, int crashes, int restarts, long shedRequests, Double availability,
                              Double recoveredAfterSeconds, Double peakAmplification, boolean loopBroke) {
    static final double HEALTHY = 0.95;
    static final long SETTLED_SECONDS = 5;

    /**
     * @param events     the run's events
     * @param targets    the targets the incident was pushed to
     * @param intervals  the cell's latency intervals
     * @param pushMillis when the push went out
     * @param endMillis  when the cell ended
     */
    static IncidentOutcome of(List<RunEvent> events, List<String> targets, List<IntervalCounts> intervals, long pushMillis,
                              long startMillis, long endMillis) {
        int kills = 0;
        int crashes = 0;
        int restarts = 0;
        long shed = 0;
        long lastFailureMillis = pushMillis;
        for (RunEvent e : events) {
            if (e.epochMillis() < pushMillis || e.epochMillis() > endMillis || !targets.contains(e.target())) {
                continue;
            }
            switch (e.type()) {
                case OOM_KILLED -> {
                    kills++;
                    lastFailureMillis = Math.max(lastFailureMillis, e.epochMillis());
                }
                case EXITED -> {
                    crashes++;
                    lastFailureMillis = Math.max(lastFailureMillis, e.epochMillis());
                }
                case STARTED -> restarts++;
                case SHEDDING_STOPPED -> shed += ((EventDetail.SheddingStopped) e.detail()).rejected();
                default -> { }
            }
        }
        List<IntervalCounts> after = intervals.stream().filter(i -> i.startMillis() >= pushMillis).toList();
        long logical = after.stream().mapToLong(IntervalCounts::logical).sum();
        long succeeded = after.stream().mapToLong(IntervalCounts::succeeded).sum();
        Long recoveredAt = null;
        for (int i = after.size() - 1; i >= 0; i--) {
            IntervalCounts c = after.get(i);
            boolean healthy = c.logical() > 0 && c.succeeded() >= HEALTHY * c.logical() && c.startMillis() >= lastFailureMillis;
            if (!healthy) {
                break;
            }
            recoveredAt = c.startMillis();
        }
        long lastEnd = after.isEmpty() ? pushMillis : after.get(after.size() - 1).endMillis();
        boolean settled = recoveredAt != null && lastEnd - recoveredAt >= SETTLED_SECONDS * 1000;
        double seconds = (endMillis - startMillis) / 1000.0;
        long allLogical = intervals.stream().mapToLong(IntervalCounts::logical).sum();
        Double peak = null;
        if (allLogical > 0 && seconds > 0) {
            double meanRate = allLogical / seconds;
            peak = after.stream().mapToDouble(c -> c.attempts() / Math.max(0.001, (c.endMillis() - c.startMillis()) / 1000.0))
                    .max().stream().map(v -> Math.round(100 * v / meanRate) / 100.0).boxed().findFirst().orElse(null);
        }
        return new IncidentOutcome(kills, crashes, restarts, shed,
                logical == 0 ? null : Math.round(10_000.0 * succeeded / logical) / 10_000.0,
                settled ? Math.round((recoveredAt - pushMillis) / 100.0) / 10.0 : null, peak, settled);
    }
}
