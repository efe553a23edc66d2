package io.soakrig.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.harness.ExitCodes;
import io.soakrig.harness.TestProfiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * Invalid input ends with exit code 2, a precise message and nothing started: no run directory, no child process.
 * The time limit turns a regression that starts a stub (which serves until stopped) into a failure rather than a hang.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RunCommandInputTest {
    @TempDir
    Path tmp;

    private final StringWriter err = new StringWriter();

    @Test
    void anInvalidProfileNamesFileLineAndKeyAndStartsNothing() throws IOException {
        Path profile = Files.writeString(tmp.resolve("bad.yaml"), urlProfile("http://127.0.0.1:1").replace("rate: 1,", "rate: -1,"));

        int exit = run("run", profile.toString(), "--out", tmp.resolve("out").toString());

        assertThat(exit).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("invalid profile; nothing was started")
                .contains(profile + ":11: traffic.arrivals[0].constant.rate: must be > 0");
        assertNothingStarted();
    }

    @Test
    void aWorkerCountOutsideOneToSixtyFourIsInvalidInput() throws IOException {
        Path profile = Files.writeString(tmp.resolve("ok.yaml"), urlProfile("http://127.0.0.1:1"));

        int exit = run("run", profile.toString(), "--workers", "65", "--out", tmp.resolve("out").toString());

        assertThat(exit).isEqualTo(ExitCodes.INVALID_INPUT);
        assertOneLine("soakrig: --workers must be 1..64, was 65; nothing was started");
        assertNothingStarted();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            --workers 2 --coordinator-bind 192.0.2.1 | --coordinator-bind 192.0.2.1 (192.0.2.1) is not an address of this machine
            --workers 2 --coordinator-bind 0.0.0.0 | --coordinator-bind must be one address of this machine, not the wildcard 0.0.0.0: the workers are given the address it listens on
            --coordinator-bind 127.0.0.1 | --coordinator-bind places the workers of --workers N (N > 1), was --workers 1
            --worker-launcher ns{index} | --worker-launcher places the workers of --workers N (N > 1), was --workers 1
            """)
    void workerPlacementThatCannotWorkIsInvalidInput(String flags, String problem) throws IOException {
        Path profile = Files.writeString(tmp.resolve("ok.yaml"), urlProfile("http://127.0.0.1:1"));
        List<String> args = new ArrayList<>(List.of("run", profile.toString(), "--out", tmp.resolve("out").toString()));
        args.addAll(List.of(flags.split(" ")));

        assertThat(run(args.toArray(String[]::new))).isEqualTo(ExitCodes.INVALID_INPUT);
        assertOneLine("soakrig: " + problem + "; nothing was started");
        assertNothingStarted();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ftp://127.0.0.1:4318   | must be an http:// or https:// URL
            http://192.0.2.10:4318 | pass --allow-host 192.0.2.10
            """)
    void anOtlpEndpointThatIsNotAnHttpUrlOrNotAllowedIsInvalidInput(String endpoint, String why) throws IOException {
        Path profile = Files.writeString(tmp.resolve("ok.yaml"), urlProfile("http://127.0.0.1:1"));

        int exit = run("run", profile.toString(), "--otlp-endpoint", endpoint, "--out", tmp.resolve("out").toString());

        assertThat(exit).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).startsWith("soakrig: --otlp-endpoint " + endpoint + ": ").contains(why)
                .endsWith("; nothing was started.\n").hasLineCount(1);
        assertNothingStarted();
    }

    @Test
    void workersWithAnExperimentAreRefusedNamingTheProfile() {
        Path experiment = Path.of(System.getProperty("soakrig.home", "..")).resolve("soak-profiles").resolve("retry-storm.yaml");

        int exit = run("run", experiment.toString(), "--workers", "2", "--out", tmp.resolve("out").toString());

        assertThat(exit).isEqualTo(ExitCodes.INVALID_INPUT);
        assertOneLine("soakrig: --workers 2: " + experiment + " is an experiment, which plays on one generator; nothing was started");
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
        Path profile = Files.writeString(tmp.resolve("remote.yaml"), urlProfile("http://192.0.2.10:8080"));

        int exit = run("run", profile.toString(), "--out", tmp.resolve("out").toString());

        assertThat(exit).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("target not allowed or not there; nothing was started")
                .contains("192.0.2.10").contains("--allow-host");
        assertNothingStarted();
    }

    @Test
    void aMemorySourcePidThatIsNotRunningIsInvalidInput() throws IOException {
        Path profile = Files.writeString(tmp.resolve("pid.yaml"), urlProfile("http://127.0.0.1:1")
                .replace("    url: http://127.0.0.1:1\n", "    url: http://127.0.0.1:1\n    memory: { pid: 999999999 }\n"));

        int exit = run("run", profile.toString(), "--out", tmp.resolve("out").toString());

        assertThat(exit).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("target api memory source: process 999999999 is not running");
        assertNothingStarted();
    }

    @Test
    void aNonPositiveDurationIsInvalidInput() throws IOException {
        Path profile = Files.writeString(tmp.resolve("ok.yaml"), urlProfile("http://127.0.0.1:1"));

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
        Path profile = Files.writeString(tmp.resolve("ok.yaml"), urlProfile("http://127.0.0.1:1"));

        int exit = run("run", profile.toString(), "--cells", "any", "--out", tmp.resolve("out").toString());

        assertThat(exit).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("is not an experiment");
        assertNothingStarted();
    }

    @Test
    void anUnknownFlagIsInvalidInput() {
        assertThat(run("run", "x.yaml", "--durration", "5")).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("Unknown options: '--durration'").contains("Possible solutions: --duration")
                .hasLineCount(1);
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

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "stream|a stream stub calls auth: give its address with --upstream auth=http://127.0.0.1:PORT",
        "auth|an auth stub calls metadata-db: give its address with --upstream metadata-db=http://127.0.0.1:PORT",
        "recommendation|a recommendation stub calls metadata-db: give its address with --upstream metadata-db=http://127.0.0.1:PORT",
        "perimeter|a perimeter stub calls auth: give its address with --upstream auth=http://127.0.0.1:PORT",
    })
    void aStubWithoutTheUpstreamItCallsIsOneLineNamingTheFlag(String role, String message) {
        assertThat(run("stub", role)).isEqualTo(ExitCodes.INVALID_INPUT);
        assertOneLine("soakrig: " + message);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "--port|99999|soakrig: --port must be a port number 0..65535 (0: any free port), was 99999",
        "--admin-port|-1|soakrig: --admin-port must be a port number 0..65535 (0: any free port), was -1",
        "--faults|errorRate=2|soakrig: --faults: errorRate: must be a share between 0 and 1, was 2.0",
        "--faults|errorStatus=1.5|soakrig: --faults: errorStatus: must be a whole number, was '1.5'",
        "--upstream|auth=http://127.0.0.1:1|soakrig: --upstream auth=http://127.0.0.1:1: a backend stub calls no auth (it calls no upstream)",
        "--upstream|nosuch=http://127.0.0.1:1|soakrig: --upstream nosuch=http://127.0.0.1:1: unknown stub role 'nosuch'; known roles: backend, metadata-db, auth, stream, playlist, search, recommendation, perimeter",
    })
    void aBadStubFlagIsOneLineNamingIt(String flag, String value, String message) {
        assertThat(run("stub", "backend", flag, value)).isEqualTo(ExitCodes.INVALID_INPUT);
        assertOneLine(message);
    }

    /** Issue 21 item 3: a stub's upstream obeys the allow-list as a run's targets do, checked on the resolved address. */
    @Test
    void aStubUpstreamOffLoopbackIsRefusedUnlessAllowed() {
        assertThat(run("stub", "stream", "--upstream", "auth=http://10.0.0.1:80")).isEqualTo(ExitCodes.INVALID_INPUT);
        assertOneLine("soakrig: --upstream auth=http://10.0.0.1:80: host '10.0.0.1' resolves to 10.0.0.1, which is not loopback;"
                + " pass --allow-host 10.0.0.1 to send traffic there");
        assertThat(ProcessHandle.current().children()).isEmpty();
    }

    @Test
    void aStubUpstreamSpeltSoResolversDisagreeIsRefusedSayingWhy() {
        assertThat(run("stub", "auth", "--upstream", "metadata-db=http://0x7f000001:8081")).isEqualTo(ExitCodes.INVALID_INPUT);
        assertOneLine("soakrig: --upstream metadata-db=http://0x7f000001:8081: host '0x7f000001' is a non-canonical IPv4 literal,"
                + " which resolvers read differently (the C library's inet_aton reads 127.0.0.1, others a host name or nothing); write 127.0.0.1");
    }

    @Test
    void aStubUpstreamThatIsNoHttpUrlIsRefused() {
        assertThat(run("stub", "auth", "--upstream", "metadata-db=localhost:8081")).isEqualTo(ExitCodes.INVALID_INPUT);
        assertOneLine("soakrig: --upstream metadata-db=localhost:8081: must be an http:// URL with a host, was 'localhost:8081'");

        err.getBuffer().setLength(0);
        assertThat(run("stub", "auth", "--upstream", "metadata-db=127.0.0.1:8081")).isEqualTo(ExitCodes.INVALID_INPUT);
        assertOneLine("soakrig: --upstream metadata-db=127.0.0.1:8081: not a URL: Illegal character in scheme name at index 0: 127.0.0.1:8081");
    }

    @Test
    void outNamingAFileSaysItIsAFile() throws IOException {
        Path file = Files.writeString(tmp.resolve("afile"), "x");
        Path profile = Files.writeString(tmp.resolve("ok.yaml"), urlProfile("http://127.0.0.1:1"));

        assertThat(run("run", profile.toString(), "--out", file.toString())).isEqualTo(ExitCodes.INVALID_INPUT);
        assertOneLine("soakrig: run directory " + file + " is a file, not a directory; choose another --out");

        err.getBuffer().setLength(0);
        assertThat(run("run", profile.toString(), "--out", file.resolve("run").toString())).isEqualTo(ExitCodes.INVALID_INPUT);
        assertOneLine("soakrig: --out " + file.resolve("run") + ": " + file + " is a file, so no directory can be created in it");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "'{\"profile\": \"smoke\", \"status\": '|is corrupt at line 1, column 32: Unexpected end-of-input within/between Object entries",
        "'{\"profile\": \"smoke\", \"harnessPid\": \"abc\"}'|is corrupt at line 1, column 36: Cannot deserialize value of type `long` from String \"abc\": not a valid `long` value",
        "''|is empty",
        "'{}'|is corrupt: it does not say which profile ran and how the run ended",
        "'null'|is corrupt: it does not say which profile ran and how the run ended",
    })
    void reportOnACorruptManifestNamesIt(String content, String problem) throws IOException {
        Path runDir = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(runDir.resolve("run.json"), content);

        assertThat(run("report", runDir.toString())).isEqualTo(ExitCodes.INVALID_INPUT);
        assertOneLine("soakrig: " + runDir.resolve("run.json") + " " + problem);
    }

    @Test
    void aFlagPicocliCannotParseIsOneLineNamingIt() {
        assertThat(run("run", "x.yaml", "--duration", "abc")).isEqualTo(ExitCodes.INVALID_INPUT);
        assertOneLine("soakrig: Invalid value for option '--duration': 'abc' is not a long (see 'soakrig run --help')");

        err.getBuffer().setLength(0);
        assertThat(run("--bogus")).isEqualTo(ExitCodes.INVALID_INPUT);
        assertOneLine("soakrig: Unknown option: '--bogus' (see 'soakrig --help')");
    }

    private static String urlProfile(String url) {
        return TestProfiles.urlTarget("remote", url, 1, "1s");
    }

    private int run(String... args) {
        CommandLine cli = SoakrigCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    /** The whole of standard error is this one line: no usage text, no stack trace. */
    private void assertOneLine(String line) {
        assertThat(err.toString()).isEqualTo(line + System.lineSeparator());
    }

    private void assertNothingStarted() {
        assertThat(tmp.resolve("out")).doesNotExist();
        assertThat(ProcessHandle.current().children()).isEmpty();
    }
}
