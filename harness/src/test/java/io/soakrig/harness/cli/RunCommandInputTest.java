package io.soakrig.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.harness.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Invalid input ends with exit code 2, a precise message and nothing started: no run directory, no child process. */
class RunCommandInputTest {
    private static final String URL_PROFILE = """
            name: remote
            targets:
              api:
                url: %s
            traffic:
              target: api
              endpoints:
                - name: items
                  path: /items
              arrivals:
                - constant: { rate: 1, duration: 1s }
            """;

    @TempDir
    Path tmp;

    private final StringWriter err = new StringWriter();

    @Test
    void anInvalidProfileNamesFileLineAndKeyAndStartsNothing() throws IOException {
        Path profile = Files.writeString(tmp.resolve("bad.yaml"), URL_PROFILE.formatted("http://127.0.0.1:1").replace("rate: 1,", "rate: -1,"));

        int exit = run("run", profile.toString(), "--out", tmp.resolve("out").toString());

        assertThat(exit).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("invalid profile; nothing was started")
                .contains(profile + ":11: traffic.arrivals[0].constant.rate: must be > 0");
        assertNothingStarted();
    }

    @Test
    void aMissingProfileIsInvalidInput() {
        int exit = run("run", tmp.resolve("absent.yaml").toString(), "--out", tmp.resolve("out").toString());

        assertThat(exit).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("absent.yaml: no such profile file");
        assertNothingStarted();
    }

    @Test
    void aNonLoopbackTargetWithoutAllowHostIsRefusedBeforeAnyTraffic() throws IOException {
        Path profile = Files.writeString(tmp.resolve("remote.yaml"), URL_PROFILE.formatted("http://192.0.2.10:8080"));

        int exit = run("run", profile.toString(), "--out", tmp.resolve("out").toString());

        assertThat(exit).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("target not allowed or not there; nothing was started")
                .contains("192.0.2.10").contains("--allow-host");
        assertNothingStarted();
    }

    @Test
    void aMemorySourcePidThatIsNotRunningIsInvalidInput() throws IOException {
        Path profile = Files.writeString(tmp.resolve("pid.yaml"), URL_PROFILE.formatted("http://127.0.0.1:1")
                .replace("    url: http://127.0.0.1:1\n", "    url: http://127.0.0.1:1\n    memory: { pid: 999999999 }\n"));

        int exit = run("run", profile.toString(), "--out", tmp.resolve("out").toString());

        assertThat(exit).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("target api memory source: process 999999999 is not running");
        assertNothingStarted();
    }

    @Test
    void aNonPositiveDurationIsInvalidInput() throws IOException {
        Path profile = Files.writeString(tmp.resolve("ok.yaml"), URL_PROFILE.formatted("http://127.0.0.1:1"));

        int exit = run("run", profile.toString(), "--duration", "0", "--out", tmp.resolve("out").toString());

        assertThat(exit).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("--duration must be a positive number of seconds");
        assertNothingStarted();
    }

    @Test
    void cellsThatTheExperimentDoesNotHaveAreInvalidInput() {
        Path matrix = Path.of("..", "soak-profiles", "death-loop-matrix.yaml");

        int exit = run("run", matrix.toString(), "--cells", "misaligned-immediate-x1,aligned-immediate-x3", "--out", tmp.resolve("out").toString());

        assertThat(exit).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("--cells [aligned-immediate-x3] names no cell of").contains("misaligned-immediate-x1, misaligned-immediate-x2");
        assertNothingStarted();
    }

    @Test
    void cellsOfAProfileThatIsNoExperimentAreInvalidInput() throws IOException {
        Path profile = Files.writeString(tmp.resolve("ok.yaml"), URL_PROFILE.formatted("http://127.0.0.1:1"));

        int exit = run("run", profile.toString(), "--cells", "any", "--out", tmp.resolve("out").toString());

        assertThat(exit).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("is not an experiment");
        assertNothingStarted();
    }

    @Test
    void anUnknownFlagIsInvalidInput() {
        assertThat(run("run", "x.yaml", "--durration", "5")).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("Unknown options: '--durration'").contains("Possible solutions: --duration");
    }

    @Test
    void aStubOnAPortInUseIsInvalidInput() throws IOException {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThat(run("stub", "backend", "--port", Integer.toString(taken.getLocalPort())))
                    .isEqualTo(ExitCodes.INVALID_INPUT);
        }
    }

    @Test
    void anUnknownStubRoleIsInvalidInput() {
        assertThat(run("stub", "nosuch")).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("unknown stub role 'nosuch'");
    }

    @Test
    void reportOnAFolderThatIsNoRunIsInvalidInput() {
        assertThat(run("report", tmp.toString())).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("not a soakrig run directory");
    }

    private int run(String... args) {
        CommandLine cli = SoakrigCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    private void assertNothingStarted() {
        assertThat(tmp.resolve("out")).doesNotExist();
        assertThat(ProcessHandle.current().children()).isEmpty();
    }
}
