package io.soakrig.harness.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RssWatchdogTest {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @Test
    void itKeepsTheHighestResidentSetItReadAndKillsAboveTheLimit() throws Exception {
        RssWatchdog watchdog = new RssWatchdog(1L << 20);
        assertThat(watchdog.peakBytes()).as("nothing read yet").isEqualTo(-1);
        // a JVM waiting for its source file on a pipe nobody closes: it runs until it is killed
        Process jvm = new ProcessBuilder(JAVA, "-Xmx16m", "--source", "17", "/dev/stdin").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            watchdog.attach(jvm);
            assertThat(jvm.waitFor(30, TimeUnit.SECONDS)).as("killed by the watchdog").isTrue();
        } finally {
            watchdog.close();
            jvm.destroyForcibly();
        }
        assertThat(watchdog.killedIt()).as("a JVM is far above 1 MiB").isTrue();
        assertThat(watchdog.peakBytes()).as("the RSS that was over the limit").isGreaterThan(1L << 20);
    }
}
