package io.soakrig.harness.supervision;

import io.soakrig.contract.events.RunEventLog;
import io.soakrig.harness.process.ChildProcess;
import io.soakrig.harness.process.StubProcess;
import io.soakrig.harness.process.StubSecrets;
import io.soakrig.harness.process.TargetStartException;
import io.soakrig.profile.StubLaunch;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One stub instance under supervision (see {@link Supervisor}). A restarted instance binds the
 * ports of the first start, so callers keep the address they know.
 */
public final class SupervisedStub extends Supervisor<StubProcess> {
    private final Path runDir;
    private final StubSecrets secrets;
    private final Duration startTimeout;
    private StubLaunch launch;

    /**
     * @param launch       the instance's launch (ports 0 on the first start)
     * @param secrets      what it is handed through its environment
     * @param limitBytes   its container memory limit, or null for none
     * @param backoff      the restart delays, in wall-clock time
     * @param restarts     whether an exited process is restarted
     */
    public SupervisedStub(StubLaunch launch, Path runDir, StubSecrets secrets, MemoryLimits limits, Long limitBytes,
                          CrashLoopBackOff backoff, boolean restarts, Duration startTimeout, RunEventLog events) {
        super(launch.target(), launch.instance(), limits, limitBytes, backoff, restarts, events);
        this.launch = launch;
        this.runDir = runDir;
        this.secrets = secrets;
        this.startTimeout = startTimeout;
    }

    /** Starts the instance and its supervision; the service URL once it is ready. */
    public URI start() throws IOException, InterruptedException, TargetStartException {
        return startSupervised().url();
    }

    /** The instance's metrics endpoint (stable across restarts). */
    public URI metricsUrl() {
        return current().metricsUrl();
    }

    @Override
    StubProcess launch(List<String> prefix) throws IOException, InterruptedException, TargetStartException {
        StubProcess stub = StubProcess.start(launch, runDir, secrets, prefix, startTimeout);
        launch = stub.launch();
        return stub;
    }

    @Override
    ChildProcess child(StubProcess process) {
        return process.child();
    }

    @Override
    int port(StubProcess process) {
        return process.launch().port();
    }
}
