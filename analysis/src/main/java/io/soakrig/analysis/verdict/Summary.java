package io.soakrig.analysis.verdict;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.soakrig.analysis.experiment.ExperimentCells;
import io.soakrig.analysis.latency.Percentiles;
import io.soakrig.analysis.latency.RequestAccounting;
import io.soakrig.analysis.leak.LeakDetector;
import io.soakrig.analysis.load.GeneratorCheck;
import io.soakrig.contract.memory.MemorySample;
import java.util.List;
import java.util.Map;

/**
 * The machine-readable result of a run, written as {@code summary.json}: verdict first, then the
 * figures it was derived from, so a CI job or a later {@code compare} never re-reads recordings.
 *
 * <p>The figures come in groups that are built apart — what the requests did ({@link Traffic}),
 * what the targets' memory and processes did ({@link TargetHealth}) — and are written flat into
 * the file ({@code @JsonUnwrapped}), as every summary has been, so old run directories still read.
 * The accessors of the grouped figures ({@link #requests()}, {@link #leak()}, ...) stay on the
 * summary, where every reader looks for them.
 *
 * @param profile       the profile's name
 * @param verdict       PASS, FAIL, INCONCLUSIVE or ERROR
 * @param reasons       one line per gate or condition that decided the verdict
 * @param gates         each gate as judged (empty when the run never got to judging)
 * @param traffic       what the requests did
 * @param health        what each target's memory and processes did
 * @param canary        the canary's judgement against its baseline, null when the profile has no canary
 * @param amplification attempts per logical request at each layer, and goodput
 * @param generator     whether the load generator kept to its schedule, null for runs without an arrival log
 * @param experiment    per cell of a retry-amplification experiment, in play order; empty otherwise
 */
@JsonPropertyOrder({"profile", "verdict", "reasons", "gates"})
public record Summary(
        String profile,
        Verdict verdict,
        List<String> reasons,
        List<GateResult> gates,
        @JsonUnwrapped Traffic traffic,
        @JsonUnwrapped TargetHealth health,
        CanaryReport canary,
        Amplification amplification,
        GeneratorCheck.Result generator,
        List<ExperimentCells.Cell> experiment) {

    /**
     * What the requests did.
     *
     * @param durationSeconds     time covered by the latency recording
     * @param requests            logical requests started (recorded ones when the start count is missing),
     *                            failed and unfinished ones included
     * @param errors              failed logical requests, timed-out and unfinished ones included
     * @param errorRate           errors / requests, null with no requests
     * @param latencyMs           percentiles of successful requests, all endpoints
     * @param endpoints           the same per endpoint
     * @param latencyLogTruncated the latency log ended in a partial line (the run was killed mid-write)
     * @param requestAccounting   logical requests started, recorded and unfinished (still open when the
     *                            load generator stopped, counted as errors); null for an experiment
     */
    public record Traffic(double durationSeconds, long requests, long errors, Double errorRate, Percentiles latencyMs,
                          Map<String, EndpointFigures> endpoints, boolean latencyLogTruncated,
                          RequestAccounting requestAccounting) {
    }

    /**
     * What each target's memory and processes did.
     *
     * @param memory      growth per target (least squares, the plain figure)
     * @param leak        the leak detector's call per target
     * @param targets     what each target reported about itself
     * @param supervision per stub target: starts, restarts, OOM kills and exits, from {@code events.jsonl}
     */
    public record TargetHealth(Map<String, MemoryGrowth> memory, Map<String, Leak> leak, Map<String, TargetFigures> targets,
                               Map<String, Supervision> supervision) {
    }

    public double durationSeconds() {
        return traffic.durationSeconds();
    }

    public long requests() {
        return traffic.requests();
    }

    public long errors() {
        return traffic.errors();
    }

    public Double errorRate() {
        return traffic.errorRate();
    }

    public Percentiles latencyMs() {
        return traffic.latencyMs();
    }

    public Map<String, EndpointFigures> endpoints() {
        return traffic.endpoints();
    }

    public boolean latencyLogTruncated() {
        return traffic.latencyLogTruncated();
    }

    public RequestAccounting requestAccounting() {
        return traffic.requestAccounting();
    }

    public Map<String, MemoryGrowth> memory() {
        return health.memory();
    }

    public Map<String, Leak> leak() {
        return health.leak();
    }

    public Map<String, TargetFigures> targets() {
        return health.targets();
    }

    public Map<String, Supervision> supervision() {
        return health.supervision();
    }

    /**
     * How many requests each layer saw per logical request: the retry amplification.
     *
     * @param logicalRequests  requests the clients wanted answered
     * @param attempts         attempts the clients sent, retries included
     * @param goodputPerSecond logical requests answered successfully, per second of the run
     * @param perLayer         attempts arriving at each layer per logical request: {@code client}
     *                         (attempts sent by the clients), then each stub target by its own count
     */
    public record Amplification(long logicalRequests, long attempts, Double goodputPerSecond, Map<String, Double> perLayer) {
    }

    /**
     * A canary compared with its baseline (see {@code CanaryJudge}).
     *
     * @param verdict  FAIL if any finding failed, else INCONCLUSIVE if any was, else PASS
     * @param baseline the baseline target
     * @param canary   the canary target
     * @param excessGrowth the leak detector's call on the canary's memory minus the baseline's, null when not sampled
     * @param findings one per measurement compared: memory, latency per endpoint, errors
     */
    public record CanaryReport(Verdict verdict, String baseline, String canary, Leak excessGrowth, List<Finding> findings) {
    }

    /** One comparison of a canary: what was compared, its answer and the figures behind it, in one line. */
    public record Finding(String name, Verdict verdict, String reason) {
    }

    /** Requests, errors and latency of one endpoint. */
    public record EndpointFigures(long requests, long errors, Percentiles latencyMs) {
    }

    /**
     * Memory growth of one target: least-squares slope of the GC-aware figure.
     *
     * @param slopeMBPerMin MiB per minute (MB here is 2^20 bytes, as in {@code -Xmx128m}); null with fewer than two samples
     * @param samples       samples fitted
     * @param lastMB        the last GC-aware figure, MiB
     * @param signal        which figure was fitted (the last sample's); heap used means the target had not
     *                      collected garbage yet, so the slope includes garbage and overstates growth
     * @param metric        for a Prometheus source, the series it read, chosen from the profile's
     *                      metrics in order of preference or from the JVM's standard ones; null otherwise
     */
    public record MemoryGrowth(Double slopeMBPerMin, int samples, Double lastMB, MemorySample.Signal signal, String metric) {
    }

    /**
     * What happened to a stub target's processes.
     *
     * @param starts          processes started, first starts included
     * @param restarts        starts after an exit
     * @param oomKills        processes killed by their memory limit
     * @param exits           processes that exited on their own
     * @param limitEnforcedBy how the memory limit was enforced ({@code cgroup-v1}, {@code cgroup-v2},
     *                        {@code rss-watchdog}, {@code none})
     */
    public record Supervision(int starts, int restarts, int oomKills, int exits, String limitEnforcedBy) {
    }

    /**
     * The leak detector's call on one target (see {@code LeakDetector}).
     *
     * @param decision                LEAK, NO_LEAK or UNDECIDED
     * @param slopeMBPerMin           recent Theil–Sen growth of the memory floor, MiB per minute
     * @param lowerMBPerMin           lower confidence bound of that growth, null when unbounded
     * @param upperMBPerMin           upper confidence bound, null when unbounded
     * @param decidedAtSeconds        seconds after the target's first sample when the decision was reached
     * @param projectedLimitAtSeconds when the target reaches its memory limit at that growth, null if it does not grow
     * @param floor                   how the floor was read off the series: {@code cycle-floors} (one
     *                                point per collection cycle detected in a sawtooth) or
     *                                {@code window-minima}; null before any look
     * @param cycleSeconds            the detected cycle, or the window, seconds; null before any look
     * @param moreSecondsNeeded       for UNDECIDED: about how much longer the run would have needed
     *                                at the noise seen, seconds; null when it cannot be said
     */
    public record Leak(LeakDetector.Decision decision, Double slopeMBPerMin, Double lowerMBPerMin, Double upperMBPerMin,
                       Double decidedAtSeconds, Double projectedLimitAtSeconds, String floor, Double cycleSeconds,
                       Double moreSecondsNeeded) {
        /** A call without the floor's description, as summaries written before it was recorded hold. */
        public Leak(LeakDetector.Decision decision, Double slopeMBPerMin, Double lowerMBPerMin, Double upperMBPerMin,
                    Double decidedAtSeconds, Double projectedLimitAtSeconds) {
            this(decision, slopeMBPerMin, lowerMBPerMin, upperMBPerMin, decidedAtSeconds, projectedLimitAtSeconds, null, null, null);
        }
    }

    /** @param requestsServed the target's own count of answered requests, null when it does not say */
    public record TargetFigures(Long requestsServed) {
    }
}
