package io.soakrig.contract;

import java.nio.file.Path;
import java.util.Set;

/**
 * Every path of a run directory, in one place. The run directory is a contract between the
 * harness, the simulation JVM, the stub JVMs and users' tools; this class is the only one that
 * knows a file's name, so that a writer and its readers cannot disagree about where it is.
 *
 * <pre>
 * &lt;run&gt;/
 *   run.json            the manifest: profile, flags, how the run ended        (harness)
 *   run.lock            present while a run owns the directory                 (harness)
 *   space.reserve       disk space held back for the verdict                   (harness)
 *   profile.yaml        the profile as run                                     (harness)
 *   latency.hlog        HdrHistogram interval log, tagged by {@link io.soakrig.contract.latency.LatencyTag}  (simulation)
 *   arrivals.csv        intended vs started arrivals per second                (simulation)
 *   requests.json       logical requests started per tag                       (simulation)
 *   refused.txt         a user's simulation's connection outside the targets, refused (simulation)
 *   memory-samples.csv  the targets' memory, one line per sample               (harness)
 *   events.jsonl        what happened to the targets' processes                (harness)
 *   cells.json          an experiment's cells as played                        (harness)
 *   cells/&lt;id&gt;/         one cell's own simulation files (a run layout of its own)
 *   summary.json, report.html, junit.xml   the verdict                      (analysis)
 *   gatling/            Gatling's own report;  prefs/  its preference cache
 *   logs/gatling.log, logs/stub-&lt;target&gt;-&lt;i&gt;.log   the children's output
 *   stubs/&lt;target&gt;-&lt;i&gt;.json, .ready    each stub's launch file and readiness announcement
 *   workers.json        with --workers: each worker's share, contact and state (coordinator)
 *   generator.ready, start.at   a worker's generator ready to inject, and the shared start its worker hands it
 *   workers/&lt;i&gt;/       worker i's own latency.hlog, arrivals.csv, requests.json as it delivered
 *                       them (the run's are their exact merge); logs/worker-&lt;i&gt;.log its output
 * </pre>
 *
 * @param root the run directory (or a cell's directory within it)
 */
public record RunLayout(Path root) {
    public static final String MANIFEST = "run.json";
    /** Created with CREATE_NEW by the run that owns the directory. */
    public static final String LOCK = "run.lock";
    public static final String SPACE_RESERVE = "space.reserve";
    public static final String PROFILE_COPY = "profile.yaml";
    public static final String LATENCY_LOG = "latency.hlog";
    public static final String ARRIVALS = "arrivals.csv";
    public static final String REQUESTS = "requests.json";
    public static final String REFUSED = "refused.txt";
    public static final String MEMORY_SAMPLES = "memory-samples.csv";
    public static final String EVENTS = "events.jsonl";
    public static final String CELLS_INDEX = "cells.json";
    public static final String CELLS = "cells";
    public static final String SUMMARY = "summary.json";
    public static final String REPORT = "report.html";
    public static final String JUNIT = "junit.xml";
    public static final String GATLING_RESULTS = "gatling";
    public static final String PREFS = "prefs";
    public static final String LOGS = "logs";
    public static final String GATLING_LOG = "gatling.log";
    public static final String STUBS = "stubs";
    public static final String WORKERS = "workers";
    public static final String WORKERS_STATUS = "workers.json";
    public static final String GENERATOR_READY = "generator.ready";
    public static final String SHARED_START = "start.at";
    /** The launch file of a stub started on its own ({@code soakrig stub}), in a folder of its own. */
    public static final String STANDALONE_STUB_LAUNCH = "launch.json";
    /** The files a verdict is judged from, wherever they sit in the directory (cells have their own). */
    public static final Set<String> RECORDINGS = Set.of(LATENCY_LOG, MEMORY_SAMPLES, EVENTS, ARRIVALS, CELLS_INDEX);

    public RunLayout {
        if (root == null) {
            throw new IllegalArgumentException("a run layout needs its directory");
        }
    }

    public static RunLayout of(Path root) {
        return new RunLayout(root);
    }

    public Path manifest() {
        return root.resolve(MANIFEST);
    }

    public Path lock() {
        return root.resolve(LOCK);
    }

    public Path spaceReserve() {
        return root.resolve(SPACE_RESERVE);
    }

    public Path profileCopy() {
        return root.resolve(PROFILE_COPY);
    }

    public Path latencyLog() {
        return root.resolve(LATENCY_LOG);
    }

    public Path arrivals() {
        return root.resolve(ARRIVALS);
    }

    public Path requests() {
        return root.resolve(REQUESTS);
    }

    /** Where the target guard of a user's simulation writes the connection it refused (one line). */
    public Path refused() {
        return root.resolve(REFUSED);
    }

    public Path memorySamples() {
        return root.resolve(MEMORY_SAMPLES);
    }

    public Path events() {
        return root.resolve(EVENTS);
    }

    public Path cellsIndex() {
        return root.resolve(CELLS_INDEX);
    }

    /** The folder holding every cell's own folder. */
    public Path cellsDir() {
        return root.resolve(CELLS);
    }

    /** Cell {@code id}'s folder, laid out like a run of its own (its latency log, arrivals, requests). */
    public RunLayout cell(String id) {
        if (id == null || id.isEmpty() || id.contains("/") || id.contains("\\") || id.equals(".") || id.equals("..")) {
            throw new IllegalArgumentException("a cell id names one folder, was '" + id + "'");
        }
        return new RunLayout(cellsDir().resolve(id));
    }

    public Path summary() {
        return root.resolve(SUMMARY);
    }

    public Path report() {
        return root.resolve(REPORT);
    }

    public Path junit() {
        return root.resolve(JUNIT);
    }

    /** Gatling's results folder (its own HTML report). */
    public Path gatlingResults() {
        return root.resolve(GATLING_RESULTS);
    }

    /** Gatling's Java preferences root, kept out of $HOME. */
    public Path prefs() {
        return root.resolve(PREFS);
    }

    public Path logs() {
        return root.resolve(LOGS);
    }

    public Path gatlingLog() {
        return logs().resolve(GATLING_LOG);
    }

    public Path stubsDir() {
        return root.resolve(STUBS);
    }

    /** Stub {@code name}'s output ({@code name} is {@code <target>-<instance>}). */
    public Path stubLog(String name) {
        return logs().resolve("stub-" + name + ".log");
    }

    /** The launch file handed to stub {@code name}. */
    public Path stubLaunch(String name) {
        return stubsDir().resolve(name + ".json");
    }

    /** The output of the redis-server started for Redis target {@code target}. */
    public Path redisLog(String target) {
        return logs().resolve("redis-" + target + ".log");
    }

    /** The working directory of that redis-server (it persists nothing there). */
    public Path redisDir(String target) {
        return root.resolve("redis").resolve(target);
    }

    /** Where stub {@code name} announces its bound ports once it serves. */
    public Path stubReady(String name) {
        return stubsDir().resolve(name + ".ready");
    }

    /** Worker {@code index}'s folder: its recordings as delivered, laid out like a run of its own. */
    public RunLayout worker(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("a worker index is >= 0, was " + index);
        }
        return new RunLayout(root.resolve(WORKERS).resolve(Integer.toString(index)));
    }

    /** Each worker's share, last contact and state, rewritten while the workers run. */
    public Path workersStatus() {
        return root.resolve(WORKERS_STATUS);
    }

    /** Written by a worker's generator once it is ready to inject: the epoch milliseconds it got there ({@code StartGate}). */
    public Path generatorReady() {
        return root.resolve(GENERATOR_READY);
    }

    /** Written by a worker for its generator: the shared start, epoch milliseconds ({@code StartGate}). */
    public Path sharedStart() {
        return root.resolve(SHARED_START);
    }

    /** Worker {@code index}'s output, when the coordinator started it as a local process. */
    public Path workerLog(int index) {
        return logs().resolve("worker-" + index + ".log");
    }

    /** The launch file of a stub started on its own in {@code dir}. */
    public static Path standaloneStubLaunch(Path dir) {
        return dir.resolve(STANDALONE_STUB_LAUNCH);
    }
}
