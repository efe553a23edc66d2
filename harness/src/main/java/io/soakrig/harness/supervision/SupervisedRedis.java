package io.soakrig.harness.supervision;

import io.soakrig.contract.events.RunEventLog;
import io.soakrig.contract.RunLayout;
import io.soakrig.harness.process.ChildProcess;
import io.soakrig.harness.process.TargetStartException;
import io.soakrig.harness.redis.RedisEndpoint;
import io.soakrig.harness.redis.RedisServer;
import io.soakrig.profile.RedisSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A redis-server under supervision (see {@link Supervisor}): the same memory limit and restart
 * policy as a stub. A restarted Redis listens on the port of the first start, empty — the data of
 * a Redis without persistence dies with its process, as it would in production.
 */
public final class SupervisedRedis extends Supervisor<RedisServer> {
    private final String target;
    private final Path binary;
    private final RedisSpec spec;
    private final Path runDir;
    private final Duration startTimeout;
    private int port;

    /**
     * @param binary the redis-server to run ({@link RedisServer#locate(String)})
     * @param port    the port, or 0 for a free one
     * @param backoff the restart delays of {@code spec.restart()}, in wall-clock time
     */
    public SupervisedRedis(String target, Path binary, RedisSpec spec, int port, Path runDir, MemoryLimits limits,
                           CrashLoopBackOff backoff, Duration startTimeout, RunEventLog events) {
        super(target, 0, limits, spec.memoryLimitMb() == null ? null : spec.memoryLimitMb() * 1024L * 1024L,
                backoff, spec.restart().restarts(), events);
        this.target = target;
        this.binary = binary;
        this.spec = spec;
        this.port = port;
        this.runDir = runDir;
        this.startTimeout = startTimeout;
    }

    /** Starts Redis and its supervision; where it answers. */
    public RedisEndpoint start() throws IOException, InterruptedException, TargetStartException {
        return startSupervised().endpoint();
    }

    /** The running redis-server's process id, for tests that kill it. */
    public long pid() {
        return current().child().pid();
    }

    @Override
    RedisServer launch(List<String> prefix) throws IOException, InterruptedException, TargetStartException {
        boolean chosen = port == 0;
        int attempt = chosen ? RedisServer.freePort() : port;
        try {
            RedisServer server = start(prefix, attempt);
            port = attempt;
            return server;
        } catch (TargetStartException raced) {
            if (!chosen) {
                throw raced;
            }
            // another process took the free port between the probe and redis-server's bind: once more
            RedisServer server = start(prefix, RedisServer.freePort());
            port = server.endpoint().port();
            return server;
        }
    }

    private RedisServer start(List<String> prefix, int onPort) throws IOException, InterruptedException, TargetStartException {
        RunLayout layout = RunLayout.of(runDir);
        return RedisServer.start(target, binary, spec, onPort, prefix, layout.redisDir(target), layout.redisLog(target), startTimeout);
    }

    @Override
    ChildProcess child(RedisServer process) {
        return process.child();
    }

    @Override
    int port(RedisServer process) {
        return process.endpoint().port();
    }
}
