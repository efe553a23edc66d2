package io.soakrig.harness.process;

import io.soakrig.contract.NativeHeapTrim;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JVM the harness started from its own classpath, behind an {@link OrphanGuard}.
 *
 * <p>Standard output and error go to one log file in the run directory. Standard input stays a
 * pipe the harness holds open: its closing is how the child learns that the harness died.
 *
 * <p>Such a JVM (Gatling, a stub, a worker) lives as long as the run, so it is started with glibc's
 * trim threshold fixed, as the harness is ({@link NativeHeapTrim#environment}): a passing peak of a
 * few MB in one of its threads must not stay resident and read as growth.
 */
public final class ChildProcess {
    private final Process process;
    @SuppressWarnings("unused") // held so the pipe stays open for the child's lifetime
    private final OutputStream lifeline;
    private final Path log;

    private ChildProcess(Process process, Path log) {
        this.process = process;
        this.lifeline = process.getOutputStream();
        this.log = log;
    }

    /**
     * Starts {@code mainClass} in a new JVM.
     *
     * @param prefix    command words before {@code java} (a memory limit's cgroup join), often empty
     * @param mainClass the class whose {@code main} runs in the child
     * @param jvmArgs   options before the main class ({@code -Xmx…}, {@code -D…})
     * @param args      arguments to {@code main}
     * @param env       variables added to the inherited environment and to glibc's fixed trim
     *                  threshold; they win over both
     * @param log       file receiving the child's stdout and stderr
     */
    public static ChildProcess start(List<String> prefix, String mainClass, List<String> jvmArgs,
                                     List<String> args, Map<String, String> env, Path log) throws IOException {
        return start(prefix, SimulationClasspath.NONE, mainClass, jvmArgs, args, env, log);
    }

    /** As {@link #start(List, String, List, List, Map, Path)}, with {@code extra}'s entries after the harness's classpath. */
    public static ChildProcess start(List<String> prefix, SimulationClasspath extra, String mainClass, List<String> jvmArgs,
                                     List<String> args, Map<String, String> env, Path log) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(extra.after(System.getProperty("java.class.path")));
        command.add(OrphanGuard.class.getName());
        command.add(mainClass);
        command.addAll(args);
        return exec(command, jvmEnvironment(System.getenv(), env), log);
    }

    /** What a JVM child gets added to {@code inherited}: glibc's trim threshold where it is not set, then {@code env}. */
    static Map<String, String> jvmEnvironment(Map<String, String> inherited, Map<String, String> env) {
        Map<String, String> added = new HashMap<>(NativeHeapTrim.environment(inherited));
        added.putAll(env);
        return added;
    }

    /**
     * Starts {@code command} as it is, for a child that is not a JVM (a redis-server): it gets no
     * {@link OrphanGuard}, so the command itself must end with the harness (see
     * {@code RedisServer}, which asks the kernel for a parent-death signal).
     */
    public static ChildProcess exec(List<String> command, Map<String, String> env, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        return new ChildProcess(builder.start(), log);
    }

    public long pid() {
        return process.pid();
    }

    /** The process itself, for watchers that must act on it directly. */
    public Process process() {
        return process;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** Waits up to {@code timeout}; the exit status, or empty if the child is still running. */
    public java.util.OptionalInt waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                ? java.util.OptionalInt.of(process.exitValue())
                : java.util.OptionalInt.empty();
    }

    /** Asks the child to stop (SIGTERM), waits up to {@code grace}, then kills it (SIGKILL). */
    public void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
