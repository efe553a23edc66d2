package io.soakrig.harness.workers;

import io.soakrig.contract.RunLayout;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Where the workers of a run come from: local processes ({@link LocalFleet}) or the pods of a
 * Kubernetes Job. The coordinator, the merge and the verdict are the same for every fleet; only
 * how a worker is started, watched and cleaned up differs, so that is all this type says.
 */
public interface WorkerFleet {
    /** The number of workers, 1..{@value io.soakrig.contract.workers.WorkerShare#MAX_WORKERS}. */
    int count();

    /** Whether the load is played through workers and a coordinator at all (not by the single generator). */
    boolean spread();

    /** Where the coordinator listens. */
    InetSocketAddress coordinatorAddress();

    /** How long the workers get, from their launch, to register: a pod may wait for a node and an image pull. */
    Duration registration();

    /**
     * How long, from the last registration, every worker's generator gets to boot and be ready
     * before the run ends without a start: {@link WorkerProtocol#READY_WITHIN}, on which the
     * workers' own bound is built, so a fleet may ask for less but not more.
     */
    default Duration readiness() {
        return WorkerProtocol.READY_WITHIN;
    }

    /** A token for the run, which every worker will present; asked once per run. */
    String token();

    /**
     * Starts the workers.
     *
     * @param coordinator where the coordinator listens, as bound
     * @param token       the run's token ({@link #token()})
     * @param layout      the run directory (its {@code logs/worker-<i>.log} are the workers')
     * @param profileYaml the profile as the workers play it
     */
    Launched launch(URI coordinator, String token, RunLayout layout, String profileYaml) throws IOException;

    /**
     * The started workers. Closing ends them gracefully (they were told to stop and get time to
     * deliver) and removes whatever was created for them; {@link #abort()} does it at once, for an
     * interrupted run.
     */
    interface Launched extends AutoCloseable {
        /** One handle per share, by index. */
        List<WorkerHandle> workers();

        /** Where the workers were told the coordinator is (what {@code workers.json} shows). */
        URI coordinatorUrl();

        @Override
        void close() throws InterruptedException;

        /** Stops every worker and removes what was created for them now; safe to call more than once. */
        void abort();
    }
}
