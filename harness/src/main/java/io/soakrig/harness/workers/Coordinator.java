package io.soakrig.harness.workers;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.soakrig.contract.RunLayout;
import io.soakrig.contract.requests.StartedRequestsFile;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.function.IntPredicate;
import java.util.function.LongSupplier;

/**
 * The coordinator's side of the {@link WorkerProtocol}: an HTTP endpoint that registers the
 * workers, gives them their work once all have registered, fixes the shared start once all their
 * generators are ready (a {@link WorkerProtocol#START_MARGIN} ahead), and writes what each delivers
 * into its folder of the run directory ({@link RunLayout#worker}), byte for byte, where the
 * merge reads it. It keeps each worker's last contact so that a stalled worker is seen.
 */
public final class Coordinator implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads;
    private final String token;
    private final RunLayout run;
    private final WorkerProtocol.Assignment template;
    private final Duration margin;
    private final LongSupplier clock;
    private final List<WorkerLink> workers = new ArrayList<>();
    private volatile long registeredMillis;
    private volatile long startAtMillis;
    private volatile boolean stop;

    /**
     * Serves on {@code bind} (port 0: any free port).
     *
     * @param template the assignment every worker gets, its index filled in per worker
     * @param margin   the time between the last worker's ready report and the shared start: the
     *                 others learn the start within it ({@link WorkerProtocol#START_MARGIN})
     */
    public Coordinator(InetSocketAddress bind, String token, RunLayout run, WorkerProtocol.Assignment template, Duration margin)
            throws IOException {
        this.token = token;
        this.run = run;
        this.template = template;
        this.margin = margin;
        this.clock = System::currentTimeMillis;
        for (int i = 0; i < template.count(); i++) {
            workers.add(new WorkerLink(i));
            Files.createDirectories(run.worker(i).root());
        }
        server = HttpServer.create(bind, 0);
        threads = Executors.newFixedThreadPool(2, io.soakrig.contract.io.DaemonTicker.numberedDaemonThreads("soakrig-coordinator-"));
        server.setExecutor(threads);
        server.createContext(WorkerProtocol.ASSIGNMENT, exchange -> serve(exchange, "GET", WorkerProtocol.ASSIGNMENT, this::assignment));
        server.createContext(WorkerProtocol.READY, exchange -> serve(exchange, "POST", WorkerProtocol.READY, this::ready));
        server.createContext(WorkerProtocol.DELIVERY, this::delivery);
        server.start();
    }

    /** Where workers reach the coordinator. */
    public URI url() {
        InetSocketAddress at = server.getAddress();
        return URI.create("http://" + (at.getAddress().getHostAddress().contains(":") ? "[" + at.getAddress().getHostAddress() + "]"
                : at.getAddress().getHostAddress()) + ":" + at.getPort());
    }

    /** When the last worker registered, epoch ms; 0 before. */
    public long registeredMillis() {
        return registeredMillis;
    }

    /** The shared start, once every worker's generator is ready; 0 before. */
    public long startAtMillis() {
        return startAtMillis;
    }

    /** Worker {@code index}'s link, as the coordinator sees it. */
    public WorkerLink worker(int index) {
        return workers.get(index);
    }

    public List<WorkerLink> workers() {
        return List.copyOf(workers);
    }

    /** Tells every worker, at its next call, to stop its generator. */
    public void requestStop() {
        stop = true;
    }

    /**
     * Waits, at most {@code bound}, until every worker still in touch has been sent the stop
     * ({@link #requestStop()} or {@link #abandonStart()} first): closing the coordinator at once
     * would leave a ready worker waiting, unanswered, until it gives the coordinator up as lost. A
     * stop counts as heard once its answer is written. A worker is not waited for when its
     * generator's end was delivered, when it has not been heard from within
     * {@link WorkerProtocol#STALLED_AFTER}, or when {@code alive} says its process is gone.
     *
     * @param alive whether worker {@code i}'s process (or pod) still runs
     * @return whether every such worker heard it
     */
    public boolean awaitStopHeard(Duration bound, IntPredicate alive) throws InterruptedException {
        long end = System.nanoTime() + bound.toNanos();
        while (true) {
            long now = clock.getAsLong();
            boolean heard = workers.stream().allMatch(link -> {
                Seen seen = link.seen();
                return seen.stopHeardMillis() > 0 || seen.exit() != null || !alive.test(link.index())
                        || seen.lastContactMillis() == 0 || now - seen.lastContactMillis() > WorkerProtocol.STALLED_AFTER.toMillis();
            });
            if (heard || System.nanoTime() > end) {
                return heard;
            }
            Thread.sleep(WorkerProtocol.READY_POLL.toMillis() / 2);
        }
    }

    /**
     * Gives up on the start: no start will be fixed from now on and every worker is told to stop.
     *
     * @return false when the start had been fixed already (the run goes on)
     */
    public synchronized boolean abandonStart() {
        if (startAtMillis != 0) {
            return false;
        }
        stop = true;
        return true;
    }

    /** A call of worker {@code link}, its token and method checked. */
    @FunctionalInterface
    private interface Call {
        void answer(HttpExchange exchange, WorkerLink link) throws IOException;
    }

    /** Answers a call to {@code prefix<i>} with {@code call}, once its token, method and worker are checked. */
    private void serve(HttpExchange exchange, String method, String prefix, Call call) throws IOException {
        try (exchange) {
            int index = caller(exchange, method, prefix);
            if (index >= 0) {
                call.answer(exchange, workers.get(index));
            }
        }
    }

    /** A worker registers: its work once every worker has; once the run is stopping, a refusal, which ends the worker. */
    private void assignment(HttpExchange exchange, WorkerLink link) throws IOException {
        if (stop) {
            link.contact(clock.getAsLong());
            answer(exchange, 410, "the run is stopping");
            link.heardStop(clock.getAsLong());
            return;
        }
        synchronized (this) {
            link.register(clock.getAsLong());
            if (registeredMillis == 0 && workers.stream().allMatch(w -> w.seen().registeredMillis() > 0)) {
                registeredMillis = clock.getAsLong();
            }
        }
        if (registeredMillis == 0) {
            answer(exchange, 202, "waiting for every worker to register");
            return;
        }
        WorkerProtocol.Assignment a = template;
        answer(exchange, 200, WorkerProtocol.JSON.writeValueAsString(new WorkerProtocol.Assignment(WorkerProtocol.VERSION,
                a.profileYaml(), a.targetUrls(), a.pinnedHosts(), a.durationLimitSeconds(), link.index(), a.count())));
    }

    /** A worker's generator is ready: the shared start once every one is, fixed by the report that completes the set. */
    private void ready(HttpExchange exchange, WorkerLink link) throws IOException {
        long start;
        boolean stopNow;
        synchronized (this) {
            long now = clock.getAsLong();
            stopNow = stop;
            link.ready(now);
            if (startAtMillis == 0 && !stopNow && workers.stream().allMatch(w -> standsReady(w.seen(), now))) {
                startAtMillis = now + margin.toMillis();
            }
            start = startAtMillis;
            if (start > 0) {
                link.told(now);
            }
        }
        answer(exchange, 200, WorkerProtocol.JSON.writeValueAsString(new WorkerProtocol.Start(start, stopNow)));
        if (stopNow) {
            link.heardStop(clock.getAsLong());
        }
    }

    /**
     * Whether a worker still counts towards the start: its generator said it was ready, it has
     * reported no ending since, and it has been in touch within {@link WorkerProtocol#STALLED_AFTER}
     * (a ready worker polls every {@link WorkerProtocol#READY_POLL}). A worker whose generator died,
     * or whose pod vanished, after saying it was ready would otherwise complete the set, and the
     * others would load the target for a run whose share is already lost.
     */
    private static boolean standsReady(Seen seen, long nowMillis) {
        return seen.readyMillis() > 0 && seen.exit() == null
                && nowMillis - seen.lastContactMillis() <= WorkerProtocol.STALLED_AFTER.toMillis();
    }

    private void delivery(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!authorised(exchange) || !"POST".equals(exchange.getRequestMethod())) {
                return;
            }
            WorkerProtocol.Delivery d;
            try {
                d = WorkerProtocol.JSON.readValue(exchange.getRequestBody(), WorkerProtocol.Delivery.class);
            } catch (IOException e) {
                answer(exchange, 400, "not a delivery: " + e.getMessage());
                return;
            }
            if (d.index() < 0 || d.index() >= workers.size()) {
                answer(exchange, 404, "no such worker");
                return;
            }
            WorkerLink link = workers.get(d.index());
            RunLayout own = run.worker(d.index());
            WorkerProtocol.Reply reply;
            synchronized (link) {
                link.contact(clock.getAsLong());
                link.latencyBytes = append(own.latencyLog(), link.latencyBytes, d.latencyOffset(), d.latency());
                link.arrivalsBytes = append(own.arrivals(), link.arrivalsBytes, d.arrivalsOffset(), d.arrivals());
                if (d.requests() != null && !link.requestsDelivered) {
                    StartedRequestsFile.write(own.requests(), d.requests());
                    link.requestsDelivered = true;
                }
                if (d.exit() != null) {
                    link.exit = d.exit();
                }
                reply = new WorkerProtocol.Reply(link.latencyBytes, link.arrivalsBytes, stop);
            }
            answer(exchange, 200, WorkerProtocol.JSON.writeValueAsString(reply));
            if (reply.stop()) {
                link.heardStop(clock.getAsLong());
            }
        }
    }

    /** Appends {@code base64} at {@code offset} when it continues the file exactly; a resend of acknowledged bytes is ignored. */
    private static long append(Path file, long held, long offset, String base64) throws IOException {
        if (base64 == null || base64.isEmpty() || offset != held) {
            return held;
        }
        byte[] bytes = Base64.getDecoder().decode(base64);
        Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return held + bytes.length;
    }

    /**
     * The worker a call to {@code prefix<i>} comes from, once its token and method are checked;
     * -1 when the call is refused (a 401 or 404 already answered, or a wrong method ignored).
     */
    private int caller(HttpExchange exchange, String method, String prefix) throws IOException {
        if (!authorised(exchange) || !method.equals(exchange.getRequestMethod())) {
            return -1;
        }
        int index = index(exchange.getRequestURI().getPath().substring(prefix.length()));
        if (index < 0) {
            answer(exchange, 404, "no such worker");
        }
        return index;
    }

    private boolean authorised(HttpExchange exchange) throws IOException {
        String given = exchange.getRequestHeaders().getFirst(WorkerProtocol.TOKEN_HEADER);
        if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            answer(exchange, 401, "the run's token is required");
            return false;
        }
        return true;
    }

    private int index(String text) {
        try {
            int i = Integer.parseInt(text);
            return i >= 0 && i < workers.size() ? i : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", status == 200 ? "application/json" : "text/plain");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    /**
     * What the coordinator has seen of a worker; every instant epoch ms on the coordinator's clock, 0 if not yet.
     *
     * @param lastContactMillis the last time it was heard from
     * @param registeredMillis  its first registration
     * @param readyMillis       its first report that its generator is ready
     * @param toldMillis        when it was first given the shared start
     * @param stopHeardMillis   when it was first answered with the stop
     * @param latencyBytes      the bytes of its latency log received so far
     * @param exit              its generator's exit code, once delivered; null before
     */
    public record Seen(long lastContactMillis, long registeredMillis, long readyMillis, long toldMillis, long stopHeardMillis, long latencyBytes,
            Integer exit) {
    }

    /** One worker as the coordinator knows it: its contact, what it delivered, how it ended. */
    public static final class WorkerLink {
        private final int index;
        private long lastContactMillis;
        private long registeredMillis;
        private long readyMillis;
        private long toldMillis;
        private long stopHeardMillis;
        private long latencyBytes;
        private long arrivalsBytes;
        private boolean requestsDelivered;
        private Integer exit;

        WorkerLink(int index) {
            this.index = index;
        }

        synchronized void contact(long nowMillis) {
            lastContactMillis = nowMillis;
        }

        synchronized void register(long nowMillis) {
            contact(nowMillis);
            registeredMillis = registeredMillis == 0 ? nowMillis : registeredMillis;
        }

        synchronized void ready(long nowMillis) {
            contact(nowMillis);
            readyMillis = readyMillis == 0 ? nowMillis : readyMillis;
        }

        synchronized void told(long nowMillis) {
            toldMillis = toldMillis == 0 ? nowMillis : toldMillis;
        }

        synchronized void heardStop(long nowMillis) {
            stopHeardMillis = stopHeardMillis == 0 ? nowMillis : stopHeardMillis;
        }

        /** Its share, 0..N-1. */
        public int index() {
            return index;
        }

        /** What the coordinator has seen of it so far. */
        public synchronized Seen seen() {
            return new Seen(lastContactMillis, registeredMillis, readyMillis, toldMillis, stopHeardMillis, latencyBytes, exit);
        }
    }
}
