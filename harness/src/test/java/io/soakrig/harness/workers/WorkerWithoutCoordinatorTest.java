package io.soakrig.harness.workers;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code soakrig worker} as a real process, its coordinator's port closed: it gives up by itself, in bounded time. */
class WorkerWithoutCoordinatorTest {
    @TempDir
    Path tmp;

    @Test
    void aWorkerThatCannotReachItsCoordinatorStopsWithinTheBoundAndStartsNothing() throws Exception {
        int closedPort = portNobodyListensOn();
        Path err = tmp.resolve("worker.err");
        long start = System.nanoTime();

        Process worker = workerEnded("http://127.0.0.1:" + closedPort, err);
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(seconds).isGreaterThanOrEqualTo(WorkerProtocol.LOST_AFTER.toSeconds());
        assertThat(worker.exitValue()).isEqualTo(3);
        assertThat(Files.readString(err)).contains("soakrig worker 1: the coordinator at http://127.0.0.1:" + closedPort
                + " did not answer for 15 s; nothing was started");
        assertThat(tmp.resolve("w").resolve("latency.hlog")).doesNotExist();
    }

    @Test
    void aWorkerRegisteringWithARunAlreadyStoppingIsRefusedAndEndsAtOnce() throws Exception {
        try (Coordinator coordinator = new Coordinator(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), "token",
                io.soakrig.contract.RunLayout.of(tmp.resolve("run")), new WorkerProtocol.Assignment(WorkerProtocol.VERSION, "name: x\n",
                        List.of(List.of("http://127.0.0.1:1")), "", null, 0, 2), Duration.ofSeconds(2))) {
            coordinator.requestStop();
            Path err = tmp.resolve("worker.err");
            long start = System.nanoTime();

            Process worker = workerEnded(coordinator.url().toString(), err);

            assertThat(worker.exitValue()).isEqualTo(3);
            assertThat(Files.readString(err)).contains("soakrig worker 1: the coordinator refused: 410 the run is stopping; nothing was started")
                    .doesNotContain("did not answer");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("it did not wait to give the coordinator up as lost")
                    .isLessThan(WorkerProtocol.LOST_AFTER);
            assertThat(coordinator.awaitStopHeard(Duration.ofSeconds(10), i -> true)).as("its refusal was the stop, heard").isTrue();
        }
    }

    /** Runs {@code soakrig worker 1} against {@code coordinator}, its stderr into {@code err}, and asserts that it ends by itself in bounded time. */
    private Process workerEnded(String coordinator, Path err) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.soakrig.harness.cli.SoakrigCli",
                "worker", "--coordinator", coordinator, "--index", "1", "--dir", tmp.resolve("w").toString()))
                .redirectError(err.toFile()).redirectOutput(tmp.resolve("worker.out").toFile());
        builder.environment().put(WorkerProtocol.TOKEN_ENV, "token");
        Process worker = builder.start();
        boolean ended = worker.waitFor(WorkerProtocol.LOST_AFTER.toSeconds() + 30, TimeUnit.SECONDS);
        if (!ended) {
            worker.destroyForcibly();
        }
        assertThat(ended).as("the worker ended by itself").isTrue();
        return worker;
    }

    private static int portNobodyListensOn() throws java.io.IOException {
        ServerSocket bound = new ServerSocket(0);
        bound.close();
        return bound.getLocalPort();
    }

    @Test
    void aWorkerWithoutTheRunsTokenStartsNothing() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.soakrig.harness.cli.SoakrigCli",
                "worker", "--coordinator", "http://127.0.0.1:9", "--index", "0", "--dir", tmp.toString()))
                .redirectErrorStream(true).redirectOutput(tmp.resolve("out").toFile());
        builder.environment().remove(WorkerProtocol.TOKEN_ENV);
        Process worker = builder.start();
        assertThat(worker.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(worker.exitValue()).isEqualTo(2);
        assertThat(Files.readString(tmp.resolve("out")).strip())
                .isEqualTo("soakrig worker: $SOAKRIG_WORKER_TOKEN must hold the run's token; nothing was started");
    }
}
