package io.soakrig.harness.workers;

import io.soakrig.contract.RunLayout;
import io.soakrig.contract.requests.StartedRequestsFile;
import io.soakrig.contract.workers.StartGate;
import io.soakrig.contract.workers.WorkerShare;
import io.soakrig.harness.process.ChildProcess;
import io.soakrig.harness.process.SimulationProcess;
import io.soakrig.profile.Profile;
import io.soakrig.profile.ProfileException;
import io.soakrig.profile.ProfileLoader;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * One worker, start to end: registers with the coordinator, boots the generator for its share in
 * a child JVM, reports it ready and hands it the shared start the coordinator fixes once every
 * worker is ready ({@link StartGate}), delivers the generator's recordings as they grow, and ends.
 * Every way out is bounded: the generator is stopped when no start comes within
 * {@link WorkerProtocol#READY_WITHIN} (plus {@link WorkerProtocol#LOST_AFTER}), at its deadline (from the
 * shared start, the plan plus {@link #OVERRUN}), when the
 * coordinator says stop, and when the coordinator has not been reachable for
 * {@link WorkerProtocol#LOST_AFTER} — a worker cut off from its coordinator does not keep loading
 * the target unseen.
 */
public final class WorkerRun {
    /** Exit code: the generator ran its share and every byte was delivered. */
    public static final int DONE = 0;
    /** Exit code: the share could not be played or delivered (no coordinator, generator failed). */
    public static final int FAILED = 3;
    /** Time granted past the plan for JVM start-up, draining and Gatling's report; the single generator's. */
    static final Duration OVERRUN = Duration.ofSeconds(120);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final String ASKED_TO_STOP = "the coordinator asked to stop";
    private static final String CUT_OFF = "the coordinator at ";

    private final URI coordinator;
    private final int index;
    private final String token;
    private final RunLayout own;
    private final Consumer<String> log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private long lastContact = System.nanoTime();
    private long latencyAcked;
    private long arrivalsAcked;

    /**
     * @param coordinator where the coordinator listens
     * @param index       this worker's share
     * @param token       the run's token
     * @param dir         where this worker's generator writes (its own run layout)
     * @param log         where this worker says what it does
     */
    public WorkerRun(URI coordinator, int index, String token, Path dir, Consumer<String> log) {
        this.coordinator = coordinator;
        this.index = index;
        this.token = token;
        this.own = RunLayout.of(dir);
        this.log = log;
    }

    /** Runs the share; the exit code ({@link #DONE} or {@link #FAILED}). */
    public int run() throws IOException, InterruptedException {
        Files.createDirectories(own.root());
        WorkerProtocol.Assignment assignment = register();
        if (assignment == null) {
            return FAILED;
        }
        WorkerShare share = new WorkerShare(index, assignment.count());
        Files.writeString(own.profileCopy(), assignment.profileYaml(), StandardCharsets.UTF_8);
        Duration limit = assignment.durationLimitSeconds() == null ? null : Duration.ofSeconds(assignment.durationLimitSeconds());
        Profile profile;
        try {
            Profile loaded = new ProfileLoader().load(own.profileCopy());
            profile = limit == null ? loaded : loaded.truncatedTo(limit);
        } catch (ProfileException e) {
            log.accept("soakrig worker " + index + ": the coordinator's profile does not load here: " + e.getMessage());
            return FAILED;
        }
        log.accept("soakrig " + share + ": " + profile.name() + " at 1/" + share.count() + " of its rates; booting its generator");
        Files.deleteIfExists(own.generatorReady());
        Files.deleteIfExists(own.sharedStart());
        ChildProcess generator = SimulationProcess.startShare(own.profileCopy(), own.root(),
                assignment.targetUrls().stream().map(urls -> urls.stream().map(URI::create).toList()).toList(),
                assignment.pinnedHosts(), limit, share);
        Ending ending = new Ending();
        long startAtMillis = 0;
        try {
            startAtMillis = awaitStart(generator, share, ending);
            if (startAtMillis > 0) {
                play(generator, share, Duration.ofMillis(Math.max(0, startAtMillis - System.currentTimeMillis()))
                        .plus(profile.plannedDuration()).plus(OVERRUN), ending);
            }
        } finally {
            generator.stop(Duration.ofSeconds(10));
        }
        boolean delivered = deliverRest(ending.exit, ending.stopped != null && ending.stopped.startsWith(CUT_OFF));
        boolean played = ending.stopped == null ? startAtMillis > 0 && ending.exit == 0 : ending.stopped.equals(ASKED_TO_STOP);
        log.accept("soakrig " + share + ": generator ended with exit code " + ending.exit
                + (delivered ? "; everything delivered" : "; delivery incomplete"));
        return played && delivered ? DONE : FAILED;
    }

    /** How the generator ended: its exit code, and why it was stopped (null when it ended by itself). */
    private static final class Ending {
        private Integer exit;
        private String stopped;
    }

    /**
     * The second phase of the start: while the generator boots, keeps in touch with the
     * coordinator; once it is ready ({@link StartGate}), reports so until the coordinator gives the
     * shared start, and hands that to the generator. Bounded by the coordinator's
     * {@link WorkerProtocol#READY_WITHIN} plus {@link WorkerProtocol#LOST_AFTER} on its own clock.
     *
     * @return the shared start, epoch ms; 0 when the generator ended or was stopped first ({@code ending} says how)
     */
    private long awaitStart(ChildProcess generator, WorkerShare share, Ending ending) throws InterruptedException, IOException {
        StartGate gate = new StartGate(own);
        Duration bound = WorkerProtocol.READY_WITHIN.plus(WorkerProtocol.LOST_AFTER);
        long end = System.nanoTime() + bound.toNanos();
        long lastHeartbeat = System.nanoTime();
        boolean saidReady = false;
        while (true) {
            OptionalInt ended = generator.waitFor(WorkerProtocol.READY_POLL);
            if (ended.isPresent()) {
                ending.exit = ended.getAsInt();
                log.accept("soakrig " + share + ": the generator ended before the start with exit code " + ending.exit);
                return 0;
            }
            boolean stop = false;
            if (gate.readyAtMillis().isPresent()) {
                if (!saidReady) {
                    saidReady = true;
                    log.accept("soakrig " + share + ": generator ready; waiting for the shared start");
                }
                WorkerProtocol.Start start = reportReady();
                if (start != null && start.startAtMillis() > 0 && !start.stop()) {
                    gate.open(start.startAtMillis());
                    log.accept("soakrig " + share + ": the shared start is " + java.time.Instant.ofEpochMilli(start.startAtMillis()));
                    return start.startAtMillis();
                }
                stop = start != null && start.stop();
            } else if (System.nanoTime() - lastHeartbeat >= WorkerProtocol.DELIVERY_PERIOD.toNanos()) {
                lastHeartbeat = System.nanoTime();
                WorkerProtocol.Reply reply = deliver(null, null);
                stop = reply != null && reply.stop();
            }
            ending.stopped = whyStop(stop, end, "no shared start came within " + bound.toSeconds() + " s of the assignment");
            if (ending.stopped != null) {
                stopGenerator(generator, share, ending);
                return 0;
            }
        }
    }

    /** Plays from the shared start, delivering once a second, until the generator ends or must be stopped. */
    private void play(ChildProcess generator, WorkerShare share, Duration allowed, Ending ending) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + allowed.toNanos();
        while (ending.exit == null) {
            OptionalInt ended = generator.waitFor(WorkerProtocol.DELIVERY_PERIOD);
            if (ended.isPresent()) {
                ending.exit = ended.getAsInt();
                return;
            }
            WorkerProtocol.Reply reply = deliver(null, null);
            ending.stopped = whyStop(reply != null && reply.stop(), deadline, "the generator overran its deadline");
            if (ending.stopped != null) {
                stopGenerator(generator, share, ending);
            }
        }
    }

    /**
     * Why the generator must be stopped now, or null: the coordinator asked, it has been out of
     * reach for {@link WorkerProtocol#LOST_AFTER}, or {@code deadlineNanos} has passed ({@code late}).
     */
    private String whyStop(boolean asked, long deadlineNanos, String late) {
        if (asked) {
            return ASKED_TO_STOP;
        }
        if (lost()) {
            return CUT_OFF + coordinator + " has not been reachable for " + WorkerProtocol.LOST_AFTER.toSeconds() + " s";
        }
        return System.nanoTime() > deadlineNanos ? late : null;
    }

    private void stopGenerator(ChildProcess generator, WorkerShare share, Ending ending) throws InterruptedException, IOException {
        log.accept("soakrig " + share + ": " + ending.stopped + "; stopping the generator");
        generator.stop(Duration.ofSeconds(10));
        ending.exit = generator.waitFor(Duration.ZERO).orElse(-1);
    }

    /** Reports the generator ready; the coordinator's answer, null when it did not get through. */
    private WorkerProtocol.Start reportReady() throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(request(WorkerProtocol.READY + index)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return null;
            }
            lastContact = System.nanoTime();
            return WorkerProtocol.JSON.readValue(response.body(), WorkerProtocol.Start.class);
        } catch (IOException unreachable) {
            return null;
        }
    }

    /**
     * Polls for the assignment until every worker registered; null, with the reason logged, when the
     * coordinator refuses (410: the run is already stopping) or stays unreachable.
     */
    private WorkerProtocol.Assignment register() throws InterruptedException {
        while (!lost()) {
            try {
                HttpResponse<String> response = http.send(request(WorkerProtocol.ASSIGNMENT + index).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    lastContact = System.nanoTime();
                    return WorkerProtocol.JSON.readValue(response.body(), WorkerProtocol.Assignment.class);
                }
                if (response.statusCode() == 202) {
                    lastContact = System.nanoTime();
                } else {
                    log.accept("soakrig worker " + index + ": the coordinator refused: " + response.statusCode() + " " + response.body()
                            + "; nothing was started");
                    return null;
                }
            } catch (IOException unreachable) {
                // retried until LOST_AFTER
            }
            Thread.sleep(POLL.toMillis());
        }
        log.accept("soakrig worker " + index + ": the coordinator at " + coordinator + " did not answer for "
                + WorkerProtocol.LOST_AFTER.toSeconds() + " s; nothing was started");
        return null;
    }

    /**
     * Delivers until every byte and the end are acknowledged, for at most {@link WorkerProtocol#LOST_AFTER};
     * a worker already {@code cutOff} from its coordinator tries once, so that it ends within its bound.
     */
    private boolean deliverRest(int exit, boolean cutOff) throws InterruptedException, IOException {
        Map<String, Long> requests = Files.exists(own.requests()) ? StartedRequestsFile.read(own.requests()) : null;
        if (cutOff) {
            return acknowledgesAll(deliver(requests, exit));
        }
        lastContact = System.nanoTime();
        while (!lost()) {
            if (acknowledgesAll(deliver(requests, exit))) {
                return true;
            }
            Thread.sleep(POLL.toMillis());
        }
        return false;
    }

    private boolean acknowledgesAll(WorkerProtocol.Reply reply) throws IOException {
        return reply != null && reply.latencyLength() == size(own.latencyLog()) && reply.arrivalsLength() == size(own.arrivals());
    }

    /** One delivery of what the logs gained; null when it did not get through. */
    private WorkerProtocol.Reply deliver(Map<String, Long> requests, Integer exit) throws InterruptedException {
        try {
            WorkerProtocol.Delivery delivery = new WorkerProtocol.Delivery(WorkerProtocol.VERSION, index,
                    latencyAcked, fresh(own.latencyLog(), latencyAcked), arrivalsAcked, fresh(own.arrivals(), arrivalsAcked), requests, exit);
            HttpResponse<String> response = http.send(request(WorkerProtocol.DELIVERY)
                    .POST(HttpRequest.BodyPublishers.ofString(WorkerProtocol.JSON.writeValueAsString(delivery))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return null;
            }
            WorkerProtocol.Reply reply = WorkerProtocol.JSON.readValue(response.body(), WorkerProtocol.Reply.class);
            lastContact = System.nanoTime();
            latencyAcked = reply.latencyLength();
            arrivalsAcked = reply.arrivalsLength();
            return reply;
        } catch (IOException unreachable) {
            return null;
        }
    }

    private boolean lost() {
        return System.nanoTime() - lastContact > WorkerProtocol.LOST_AFTER.toNanos();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(coordinator.resolve(path)).timeout(Duration.ofSeconds(5)).header(WorkerProtocol.TOKEN_HEADER, token);
    }

    /** The bytes of {@code file} from {@code offset}, base64; empty when there are none. */
    private static String fresh(Path file, long offset) throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            if (length <= offset) {
                return "";
            }
            byte[] bytes = new byte[(int) Math.min(length - offset, 4 << 20)];
            in.seek(offset);
            in.readFully(bytes);
            return Base64.getEncoder().encodeToString(bytes);
        }
    }

    private static long size(Path file) throws IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }
}
