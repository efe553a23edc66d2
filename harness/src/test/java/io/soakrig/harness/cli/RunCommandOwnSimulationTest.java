package io.soakrig.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.harness.ExitCodes;
import io.soakrig.harness.UserSimulations;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A profile naming the user's own simulation that cannot run from the given classpath is invalid
 * input: exit 2, the profile's file, line and key, nothing started. The classes are compiled for
 * real, as a user's build compiles them.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RunCommandOwnSimulationTest {
    @TempDir
    static Path compiled;

    private static Path classes;

    @TempDir
    Path tmp;

    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void compile() throws IOException {
        classes = UserSimulations.compile(compiled.resolve("classes"), Map.of(
                "acme.NotASimulation", UserSimulations.NOT_A_SIMULATION,
                "acme.RecordingSimulation", UserSimulations.RECORDING));
    }

    @Test
    void aClassNotOnTheClasspathIsNamedAtItsLine() throws IOException {
        Path profile = profile("acme.MissingSimulation");

        int exit = run("run", profile.toString(), "--classpath", classes.toString(), "--out", tmp.resolve("out").toString());

        assertThat(exit).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("invalid profile; nothing was started")
                .contains(profile + ":7: traffic.simulation: class acme.MissingSimulation is not on the classpath (--classpath " + classes + ")");
        assertNothingStarted();
    }

    @Test
    void aClassThatIsNoSimulationIsInvalidInput() throws IOException {
        Path profile = profile("acme.NotASimulation");

        int exit = run("run", profile.toString(), "--classpath", classes.toString(), "--out", tmp.resolve("out").toString());

        assertThat(exit).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains(profile + ":7: traffic.simulation: class acme.NotASimulation is not a Gatling simulation:"
                + " it does not extend io.gatling.javaapi.core.Simulation");
        assertNothingStarted();
    }

    @Test
    void withoutTheClasspathTheMessageSaysHowToGiveIt() throws IOException {
        Path profile = profile("acme.RecordingSimulation");

        int exit = run("run", profile.toString(), "--out", tmp.resolve("out").toString());

        assertThat(exit).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("traffic.simulation: class acme.RecordingSimulation is not on the classpath"
                + " (soakrig's own; give your classes with --classpath)");
        assertNothingStarted();
    }

    @Test
    void aClasspathEntryThatDoesNotExistIsOneLine() throws IOException {
        Path profile = profile("acme.RecordingSimulation");
        Path missing = tmp.resolve("missing.jar");

        int exit = run("run", profile.toString(), "--classpath", classes + java.io.File.pathSeparator + missing,
                "--out", tmp.resolve("out").toString());

        assertThat(exit).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).isEqualTo("soakrig: --classpath: no such jar or directory: " + missing + "; nothing was started."
                + System.lineSeparator());
        assertNothingStarted();
    }

    private Path profile(String simulation) throws IOException {
        return Files.writeString(tmp.resolve("own.yaml"), """
                name: own
                targets:
                  api:
                    url: http://127.0.0.1:1
                traffic:
                  target: api
                  simulation: %s
                  arrivals:
                    - constant: { rate: 1, duration: 1s }
                """.formatted(simulation));
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
