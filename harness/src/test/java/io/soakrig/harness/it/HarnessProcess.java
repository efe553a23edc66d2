package io.soakrig.harness.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The soakrig CLI as a real process, the way a user or CI runs it, so that tests can kill it.
 * Its stdout and stderr go to files in the given folder.
 */
final class HarnessProcess {
    final Process process;
    final Path stdout;
    final Path stderr;

    private HarnessProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Options for the harness JVMs the tests start. The harness only orchestrates (it starts the
     * stubs and the load generator, tails their files, judges at the end), so its code never runs
     * long enough to pay back C2's compilation; C1 alone leaves the CPU that C2 took from the
     * children's start to the children. Measured under a busy loop pinned to one of two cores, a
     * 20 s run (one stub, one Gatling JVM) ended on average 2.7 s sooner (three runs each, 29.4 s
     * against 32.1 s), its stub up 1.1 s sooner. The JVMs the harness starts keep their own options.
     */
    static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1");

    static Path profile(String name) {
        return Path.of(System.getProperty("soakrig.home", "..")).resolve("soak-profiles").resolve(name);
    }

    static HarnessProcess start(Path logs, String... args) throws IOException {
        Files.createDirectories(logs);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.soakrig.harness.cli.SoakrigCli"));
        command.addAll(List.of(args));
        Path out = logs.resolve("harness.out");
        Path err = logs.resolve("harness.err");
        Process p = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        return new HarnessProcess(p, out, err);
    }

    /** Exit code, failing the test with the harness's output if it does not end within {@code timeout}. */
    int awaitExit(Duration timeout) throws Exception {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("soakrig did not exit within " + timeout + "\n" + output());
        }
        return process.exitValue();
    }

    String output() throws IOException {
        return "--- stdout\n" + Files.readString(stdout) + "--- stderr\n" + Files.readString(stderr);
    }

    /** A loopback port nothing listens on at the moment of asking. */
    static int freePort() throws IOException {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    /** Polls {@code condition} every 100 ms until it holds, failing after {@code timeout}. */
    static void await(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
