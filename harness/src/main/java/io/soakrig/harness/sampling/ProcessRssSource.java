package io.soakrig.harness.sampling;

import io.soakrig.contract.memory.MemorySample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** A local process's resident set size, read from {@code /proc/<pid>/status} (VmRSS). */
public record ProcessRssSource(String target, long pid) implements MemorySource {
    @Override
    public MemorySample sample(SampleClock clock) throws IOException {
        long rss = rssBytes(pid);
        return new MemorySample(clock.epochMillis(), target, "pid", -1, -1, rss, -1, -1, -1);
    }

    /** VmRSS of {@code pid} in bytes. */
    public static long rssBytes(long pid) throws IOException {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
                }
            }
        } catch (NoSuchFileException gone) {
            throw new IOException("process " + pid + " is not running");
        }
        throw new IOException("process " + pid + " reports no VmRSS");
    }
}
