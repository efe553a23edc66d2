package io.soakrig.harness.cli;

import io.soakrig.harness.ExitCodes;
import io.soakrig.harness.workers.WorkerProtocol;
import io.soakrig.harness.workers.WorkerRun;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code soakrig worker}: one load generator of a run spread over several ({@code run --workers},
 * a Kubernetes Indexed Job). It takes its share and the shared start from the coordinator and
 * delivers its recordings back; it stops by itself when the coordinator is gone.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Runs one share of a run's load for its coordinator (started by 'run --workers' or a Kubernetes Job).")
final class WorkerCommand implements Callable<Integer> {
    /** Kubernetes' index of a pod in an Indexed Job: the share when --index is not given. */
    static final String COMPLETION_INDEX_ENV = "JOB_COMPLETION_INDEX";

    @Spec
    CommandSpec spec;

    @Option(names = "--coordinator", required = true, paramLabel = "URL", description = "Where the coordinator listens, e.g. http://10.0.0.5:7070.")
    URI coordinator;

    @Option(names = "--index", paramLabel = "I", description = "This worker's share, 0..N-1 (default: $JOB_COMPLETION_INDEX).")
    Integer index;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Where this worker's generator writes its recordings.")
    Path dir;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        String token = System.getenv(WorkerProtocol.TOKEN_ENV);
        if (token == null || token.isBlank()) {
            err.println("soakrig worker: $" + WorkerProtocol.TOKEN_ENV + " must hold the run's token; nothing was started");
            return ExitCodes.INVALID_INPUT;
        }
        Integer share = index;
        if (share == null) {
            String fromJob = System.getenv(COMPLETION_INDEX_ENV);
            try {
                share = fromJob == null ? null : Integer.valueOf(fromJob.strip());
            } catch (NumberFormatException e) {
                share = null;
            }
        }
        if (share == null || share < 0) {
            err.println("soakrig worker: --index (or $" + COMPLETION_INDEX_ENV + ") must be a share 0..N-1, was "
                    + (index != null ? index : System.getenv(COMPLETION_INDEX_ENV)) + "; nothing was started");
            return ExitCodes.INVALID_INPUT;
        }
        if (!"http".equals(coordinator.getScheme()) || coordinator.getHost() == null) {
            err.println("soakrig worker: --coordinator must be an http://host:port URL, was " + coordinator + "; nothing was started");
            return ExitCodes.INVALID_INPUT;
        }
        int exit = new WorkerRun(coordinator, share, token, dir, line -> {
            err.println(line);
            err.flush();
        }).run();
        return exit == WorkerRun.DONE ? 0 : ExitCodes.NO_VERDICT;
    }
}
