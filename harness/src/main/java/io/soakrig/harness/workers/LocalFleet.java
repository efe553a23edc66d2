package io.soakrig.harness.workers;

import io.soakrig.contract.NativeHeapTrim;
import io.soakrig.contract.RunLayout;
import io.soakrig.contract.workers.WorkerShare;
import io.soakrig.harness.process.ChildProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * {@code run --workers N}: N {@code soakrig worker} processes started from this machine. A worker
 * process that ends is ended; its exit code says whether it played its share.
 *
 * <p>The coordinator listens on loopback unless the user names another address of this machine
 * ({@code --coordinator-bind}): only then is it reachable from a network, and even there it
 * answers nothing without the run's token. The launcher words ({@code --worker-launcher}) put a
 * worker somewhere else than this process's own network — {@code ip netns exec ns{index}} starts
 * worker {@code i} in namespace {@code nsi} — so that its traffic and its deliveries cross a
 * real link, as workers on other hosts do.
 *
 * @param count           1..{@value WorkerShare#MAX_WORKERS}; 1 is the single generator, no coordinator
 * @param coordinatorBind the address the coordinator listens on; never the wildcard, whose URL no worker could be given
 * @param launcher        command words before each worker's {@code java}, {@value #INDEX} standing for its share; often empty
 */
public record LocalFleet(int count, InetAddress coordinatorBind, List<String> launcher) implements WorkerFleet {
    /** Stands for the worker's share in {@link #launcher} words. */
    public static final String INDEX = "{index}";
    /** Every local worker must have registered by then. */
    static final Duration REGISTRATION = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    /**
     * A worker lives as long as the soak, so its C heap is trimmed like the harness's
     * ({@link NativeHeapTrim}); it runs on this JVM's JDK.
     */
    static final List<String> WORKER_JVM = Stream.concat(Stream.of("-Xmx128m"),
            NativeHeapTrim.options(Runtime.version()).stream()).toList();

    public LocalFleet {
        if (count < 1 || count > WorkerShare.MAX_WORKERS) {
            throw new IllegalArgumentException("--workers must be 1.." + WorkerShare.MAX_WORKERS + ", was " + count);
        }
        Objects.requireNonNull(coordinatorBind, "coordinatorBind");
        if (coordinatorBind.isAnyLocalAddress()) {
            throw new IllegalArgumentException("--coordinator-bind must be one address of this machine, not the wildcard "
                    + coordinatorBind.getHostAddress() + ": the workers are given the address it listens on");
        }
        launcher = List.copyOf(launcher);
    }

    /** {@code count} workers started here, their coordinator on loopback. */
    public static LocalFleet onLoopback(int count) {
        return new LocalFleet(count, InetAddress.getLoopbackAddress(), List.of());
    }

    /** The launcher words for worker {@code index}, {@value #INDEX} replaced by it. */
    public List<String> launcher(int index) {
        return launcher.stream().map(word -> word.replace(INDEX, Integer.toString(index))).toList();
    }

    @Override
    public boolean spread() {
        return count > 1;
    }

    @Override
    public InetSocketAddress coordinatorAddress() {
        return new InetSocketAddress(coordinatorBind, 0);
    }

    @Override
    public Duration registration() {
        return REGISTRATION;
    }

    @Override
    public String token() {
        return HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    }

    @Override
    public Launched launch(URI coordinator, String token, RunLayout layout, String profileYaml) throws IOException {
        List<WorkerHandle> handles = new ArrayList<>();
        Launched launched = new Launched() {
            @Override
            public List<WorkerHandle> workers() {
                return List.copyOf(handles);
            }

            @Override
            public URI coordinatorUrl() {
                return coordinator;
            }

            @Override
            public void close() throws InterruptedException {
                for (WorkerHandle handle : handles) {
                    ChildProcess worker = ((Local) handle).process;
                    worker.waitFor(Duration.ofSeconds(20));
                    worker.stop(STOP_GRACE);
                }
            }

            @Override
            public void abort() {
                handles.forEach(handle -> ((Local) handle).process.stop(STOP_GRACE));
            }
        };
        for (int i = 0; i < count; i++) {
            ChildProcess worker = ChildProcess.start(launcher(i), io.soakrig.harness.cli.SoakrigCli.class.getName(), WORKER_JVM,
                    List.of("worker", "--coordinator", coordinator.toString(), "--index", Integer.toString(i),
                            "--dir", layout.worker(i).root().resolve("generator").toString()),
                    Map.of(WorkerProtocol.TOKEN_ENV, token), layout.workerLog(i));
            handles.add(new Local(worker));
        }
        return launched;
    }

    /** A local worker process. */
    private record Local(ChildProcess process) implements WorkerHandle {
        @Override
        public boolean alive() {
            return process.isAlive();
        }

        @Override
        public Integer exitCode() {
            return process.isAlive() ? null : process.process().exitValue();
        }

        @Override
        public String label() {
            return "pid " + process.pid();
        }

        @Override
        public Path log() {
            return process.log();
        }

        @Override
        public Map<String, Object> identity() {
            return Map.of("pid", process.pid());
        }
    }
}
