package io.soakrig.harness.supervision;

/**
 * A container memory limit applied to one process: by a kernel cgroup where the harness may
 * create one, else by a watchdog that polls the process's RSS and SIGKILLs it above the limit.
 * Either way the process dies for real, as an OOM-killed container does.
 */
public interface MemoryLimit extends AutoCloseable {
    /** How the limit is enforced: {@code cgroup-v1}, {@code cgroup-v2} or {@code rss-watchdog}. */
    String mechanism();

    /**
     * The command prefix that puts the process under the limit before it runs its first
     * instruction (empty when the limit is applied from outside after start).
     */
    java.util.List<String> commandPrefix();

    /** Called once the process runs. */
    void attach(Process process);

    /** After the process exited: whether the limit killed it. */
    boolean killedIt();

    /**
     * The most memory the process was charged while it ran, as the limit saw it (the cgroup's
     * high-water mark, or the highest RSS the watchdog read), or -1 where this kernel does not
     * keep one. Read after the exit, it says how close the instance came to its limit — for a
     * process that crashed for another reason, whether the limit was ever near.
     */
    long peakBytes();

    /** Releases the cgroup or stops the watchdog. */
    @Override
    void close();
}
