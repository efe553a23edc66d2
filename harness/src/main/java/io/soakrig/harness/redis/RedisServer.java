package io.soakrig.harness.redis;

import io.soakrig.harness.process.ChildProcess;
import io.soakrig.harness.process.LogTail;
import io.soakrig.harness.process.TargetStartException;
import io.soakrig.profile.RedisSpec;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code redis-server} process soakrig started, ready to answer: bound to 127.0.0.1, with the
 * profile's {@code maxmemory} and policy, and no persistence ({@code --save "" --appendonly no}:
 * a snapshot's fork would double the memory being judged).
 *
 * <p>It is not a JVM, so no {@code OrphanGuard} ends it with the harness; instead it runs under
 * {@code setpriv --pdeathsig KILL} (util-linux), and the kernel kills it when the thread that
 * started it ends — the harness's run thread or the supervisor's, which live as long as the run.
 *
 * @param endpoint where it listens
 * @param child    the process
 */
public record RedisServer(RedisEndpoint endpoint, ChildProcess child) {
    /** The Debian package that provides the command, named in the message when it is missing. */
    public static final String PACKAGE = "redis-server";
    static final String COMMAND = "redis-server";
    private static final Duration POLL = Duration.ofMillis(50);

    /** {@code redis-server} on {@code path} (a {@code PATH} value), or empty. */
    public static Optional<Path> locate(String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, COMMAND);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The one line saying that redis-server is missing and how to get it. */
    public static String notInstalled() {
        return COMMAND + " is not on the PATH: install Debian's package " + PACKAGE + " (apt-get install " + PACKAGE + ")";
    }

    /** A port nothing listens on now, on 127.0.0.1. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * Starts redis-server on {@code port} and waits until it answers {@code PING}.
     *
     * @param binary  the redis-server found by {@link #locate(String)}
     * @param prefix  command words that put it under its memory limit
     * @param dataDir its working directory (nothing is persisted there)
     * @throws TargetStartException when it exits first (a port taken, a bad setting: its log is
     *                              quoted) or does not answer within {@code timeout}
     */
    public static RedisServer start(String target, Path binary, RedisSpec spec, int port, List<String> prefix, Path dataDir,
                                    Path log, Duration timeout) throws IOException, InterruptedException, TargetStartException {
        Files.createDirectories(dataDir);
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of("setpriv", "--pdeathsig", "KILL", binary.toString(),
                "--bind", "127.0.0.1", "--port", Integer.toString(port), "--protected-mode", "yes",
                "--daemonize", "no", "--save", "", "--appendonly", "no", "--dir", dataDir.toString(), "--logfile", "",
                "--maxmemory", Long.toString(spec.maxmemoryBytes()), "--maxmemory-policy", spec.maxmemoryPolicy().id()));
        ChildProcess child = ChildProcess.exec(command, Map.of(), log);
        RedisEndpoint endpoint = RedisEndpoint.loopback(port);
        long deadline = System.nanoTime() + timeout.toNanos();
        String problem = endpoint.problem();
        while (problem != null) {
            if (!child.isAlive()) {
                throw new TargetStartException("target " + target + ": redis-server exited before it answered on port "
                        + port + "; see " + log + LogTail.of(log));
            }
            if (System.nanoTime() > deadline) {
                child.stop(Duration.ofSeconds(2));
                throw new TargetStartException("target " + target + ": redis-server did not answer within "
                        + timeout.toSeconds() + " s (" + problem + "); see " + log);
            }
            Thread.sleep(POLL.toMillis());
            problem = endpoint.problem();
        }
        return new RedisServer(endpoint, child);
    }
}
