package io.soakrig.harness.workers;

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

/**
 * {@code run --workers N}: N {@code soakrig worker} processes on this machine, their coordinator
 * on loopback. A worker process that ends is ended; its exit code says whether it played its share.
 */
public record LocalFleet(int count) implements WorkerFleet {
    /** Every local worker must have registered by then. */
    static final Duration REGISTRATION = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    public LocalFleet {
        if (count < 1 || count > WorkerShare.MAX_WORKERS) {
            throw new IllegalArgumentException("--workers must be 1.." + WorkerShare.MAX_WORKERS + ", was " + count);
        }
    }

    @Override
    public boolean spread() {
        return count > 1;
    }

    @Override
    public InetSocketAddress coordinatorAddress() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
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
            ChildProcess worker = ChildProcess.start(List.of(), io.soakrig.harness.cli.SoakrigCli.class.getName(), List.of("-Xmx128m"),
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
