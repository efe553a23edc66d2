package io.soakrig.harness.workers;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a worker and its coordinator say to each other, over HTTP with JSON bodies, every request
 * carrying the run's token in {@value #TOKEN_HEADER}. The start has two phases, so that the shared
 * start does not hang on how long the workers' generator JVMs take to boot:
 * <ul>
 * <li>{@code GET /v1/assignment/<i>}: worker {@code i} registers and asks for its work. The
 *     coordinator answers 202 until every worker has registered, then 200 with the
 *     {@link Assignment}: the profile and the targets. The worker boots its generator, which
 *     stops short of its first arrival. Once the run is stopping the answer is 410, and the
 *     worker ends without starting anything.
 * <li>{@code POST /v1/ready/<i>}: worker {@code i}'s generator is ready to inject. The
 *     {@link Start} answer holds 0 until every worker is ready; the report that completes the set
 *     fixes the shared start {@link #START_MARGIN} ahead, and every later answer gives it. A
 *     worker polls every {@link #READY_POLL}. A worker not ready within {@link #READY_WITHIN} of
 *     the last registration is missing: the run ends without a start.
 * <li>{@code POST /v1/delivery}: once a second, a {@link Delivery}: the bytes its latency log and
 *     arrival log gained since the offsets the coordinator last acknowledged, and at the end its
 *     started-request counts and exit code. The {@link Reply} acknowledges the offsets (a lost
 *     request is resent from them) and says whether to stop (early stop, a failed run). While its
 *     generator boots a worker delivers nothing but still calls, as its heartbeat.
 * </ul>
 * A call is also the heartbeat: a coordinator that hears nothing from a worker for
 * {@link #STALLED_AFTER} calls it stalled; a worker that cannot reach it for {@link #LOST_AFTER}
 * stops its generator by itself. Once it asks the workers to stop, the coordinator stays up until
 * every worker still in touch has been answered with the stop, for at most
 * {@link #STOP_HEARD_WITHIN}.
 */
public final class WorkerProtocol {
    public static final int VERSION = 2;
    public static final String TOKEN_HEADER = "X-Soakrig-Token";
    /** The environment variable that hands a worker the run's token (never a command-line word, which {@code ps} shows). */
    public static final String TOKEN_ENV = "SOAKRIG_WORKER_TOKEN";
    public static final String ASSIGNMENT = "/v1/assignment/";
    public static final String READY = "/v1/ready/";
    public static final String DELIVERY = "/v1/delivery";
    public static final Duration DELIVERY_PERIOD = Duration.ofSeconds(1);
    public static final Duration STALLED_AFTER = Duration.ofSeconds(10);
    public static final Duration LOST_AFTER = Duration.ofSeconds(15);
    /**
     * From the last worker's registration, how long every generator gets to boot and be ready.
     * Three Gatling JVMs booting at once on this 2-core machine were ready 7.5 to 11.2 s after it,
     * also with a busy loop on one core (WorkersIT, NetnsWorkersIT); the bound leaves ten times that for a
     * slower machine, a fully starved one or a pod's cold start.
     */
    public static final Duration READY_WITHIN = Duration.ofSeconds(120);
    /**
     * From the moment every worker is ready to the shared start: the other workers learn the start
     * at their next ready poll ({@link #READY_POLL}) and hand it to their generator through a file
     * polled every 10 ms. Measured (WorkersIT, NetnsWorkersIT, with and without a busy loop on one
     * core), the last worker learnt it within 0.1 s of it being fixed: 2 s is twenty times that.
     */
    public static final Duration START_MARGIN = Duration.ofSeconds(2);
    /** How often a ready worker asks for the start. */
    public static final Duration READY_POLL = Duration.ofMillis(100);
    /**
     * How long the coordinator stays up after asking the workers to stop, for those still in touch
     * to hear it: a ready worker asks every {@link #READY_POLL}, any other every
     * {@link #DELIVERY_PERIOD}, so five seconds is five calls of the slowest. A worker that never
     * hears it stops on its own once the coordinator has been out of reach for {@link #LOST_AFTER}.
     */
    public static final Duration STOP_HEARD_WITHIN = Duration.ofSeconds(5);
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
     */
    public record Assignment(int version, String profileYaml, List<List<String>> targetUrls, String pinnedHosts,
                             Long durationLimitSeconds, int index, int count) {
    }

    /**
     * The answer to a ready report.
     *
     * @param startAtMillis the shared start, epoch milliseconds; 0 while a worker is not ready yet
     * @param stop          whether to stop instead (the run ended before its start)
     */
    public record Start(long startAtMillis, boolean stop) {
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
