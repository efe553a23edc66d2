package io.soakrig.harness.workers;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a worker and its coordinator say to each other, over HTTP with JSON bodies, every request
 * carrying the run's token in {@value #TOKEN_HEADER}. Two calls make the whole protocol:
 * <ul>
 * <li>{@code GET /v1/assignment/<i>}: worker {@code i} registers and asks for its work. The
 *     coordinator answers 202 until every worker has registered, then 200 with the
 *     {@link Assignment}: the profile, the targets, and the start instant shared by all workers.
 * <li>{@code POST /v1/delivery}: once a second, a {@link Delivery}: the bytes its latency log and
 *     arrival log gained since the offsets the coordinator last acknowledged, and at the end its
 *     started-request counts and exit code. The {@link Reply} acknowledges the offsets (a lost
 *     request is resent from them) and says whether to stop (early stop, a failed run).
 * </ul>
 * A delivery is also the heartbeat: a coordinator that hears nothing from a worker for
 * {@link #STALLED_AFTER} calls it stalled; a worker that cannot deliver for {@link #LOST_AFTER}
 * stops its generator by itself.
 */
public final class WorkerProtocol {
    public static final int VERSION = 1;
    public static final String TOKEN_HEADER = "X-Soakrig-Token";
    /** The environment variable that hands a worker the run's token (never a command-line word, which {@code ps} shows). */
    public static final String TOKEN_ENV = "SOAKRIG_WORKER_TOKEN";
    public static final String ASSIGNMENT = "/v1/assignment/";
    public static final String DELIVERY = "/v1/delivery";
    public static final Duration DELIVERY_PERIOD = Duration.ofSeconds(1);
    public static final Duration STALLED_AFTER = Duration.ofSeconds(10);
    public static final Duration LOST_AFTER = Duration.ofSeconds(15);
    static final ObjectMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private WorkerProtocol() {
    }

    /**
     * One worker's work.
     *
     * @param profileYaml          the profile as run (the coordinator's copy)
     * @param targetUrls           per traffic target, its instances' base URLs
     * @param pinnedHosts          the checked addresses of the targets' names ({@code PinnedHosts.encode()})
     * @param durationLimitSeconds the run's {@code --duration}, or null
     * @param index                the worker's share
     * @param count                the number of workers
     * @param startAtMillis        the shared start, epoch milliseconds
     */
    public record Assignment(int version, String profileYaml, List<List<String>> targetUrls, String pinnedHosts,
                             Long durationLimitSeconds, int index, int count, long startAtMillis) {
    }

    /**
     * What a worker delivers: its logs' new bytes from the acknowledged offsets (base64), and when
     * its generator has ended, its started-request counts and exit code.
     */
    public record Delivery(int version, int index, long latencyOffset, String latency, long arrivalsOffset, String arrivals,
                           Map<String, Long> requests, Integer exit) {
    }

    /** The coordinator's answer: the lengths it holds of the worker's logs, and whether to stop. */
    public record Reply(long latencyLength, long arrivalsLength, boolean stop) {
    }
}
