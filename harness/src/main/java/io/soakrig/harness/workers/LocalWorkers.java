package io.soakrig.harness.workers;

import io.soakrig.contract.workers.WorkerShare;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * How {@code run --workers N} places its workers: how many, the address their coordinator listens
 * on, and the command words each worker process is started through.
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
public record LocalWorkers(int count, InetAddress coordinatorBind, List<String> launcher) {
    /** Stands for the worker's share in {@link #launcher} words. */
    public static final String INDEX = "{index}";

    public LocalWorkers {
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
    public static LocalWorkers onLoopback(int count) {
        return new LocalWorkers(count, InetAddress.getLoopbackAddress(), List.of());
    }

    /** Whether the load is spread over workers at all (more than one). */
    public boolean spread() {
        return count > 1;
    }

    /** The launcher words for worker {@code index}, {@value #INDEX} replaced by it. */
    public List<String> launcher(int index) {
        return launcher.stream().map(word -> word.replace(INDEX, Integer.toString(index))).toList();
    }
}
