package io.soakrig.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.harness.ExitCodes;
import io.soakrig.harness.TestProfiles;
import io.soakrig.harness.TinyDisk;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code soakrig run} with its run directory on a full disk (a real tmpfs): one line, exit 3, nothing started or left. */
class RunCommandDiskTest {
    @TempDir
    Path tmp;

    @Test
    void aRunOnAFullDiskSaysSoInOneLineAndStartsNothing() throws Exception {
        StringWriter err = new StringWriter();
        try (ServerSocket api = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             TinyDisk disk = TinyDisk.mount(tmp.resolve("disk"), 1L << 20)) {
            Path profile = Files.writeString(tmp.resolve("remote.yaml"), TestProfiles.urlTarget("remote", "http://127.0.0.1:" + api.getLocalPort(), 1, "1s"));
            Path out = disk.root().resolve("out");
            disk.fill();

            CommandLine cli = SoakrigCli.commandLine();
            cli.setErr(new PrintWriter(err, true));
            cli.setOut(new PrintWriter(new StringWriter(), true));
            int exit = cli.execute("run", profile.toString(), "--out", out.toString());

            assertThat(exit).isEqualTo(ExitCodes.NO_VERDICT);
            String lastLine = err.toString().lines().reduce((a, b) -> b).orElse("");
            assertThat(err.toString()).doesNotContain("\tat ");
            assertThat(lastLine).startsWith("soakrig: the disk of " + out + " is full (").endsWith("); nothing was started");
            assertThat(ProcessHandle.current().children()).isEmpty();
            assertThat(out).as("no claim, no reserve, no partial file left").isEmptyDirectory();
        }
    }
}
