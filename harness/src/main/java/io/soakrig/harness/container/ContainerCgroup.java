package io.soakrig.harness.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A running container's memory cgroup, read from the host: its OOM-kill counter and its
 * high-water mark.
 *
 * <p>Why: an engine does not always say that its limit killed a container — Podman 4.3 answers
 * {@code State.OOMKilled: false} with exit code 137 after the kernel killed the container's process
 * at its memory limit — but the container's own cgroup counts the kill ({@code oom_kill} in
 * {@code memory.oom_control} on cgroup v1, in {@code memory.events} on v2). The engine removes the
 * cgroup a fraction of a second after the container dies, so the counter is read while the
 * container runs, often ({@link ContainerTarget} polls it), and the last reading is what the exit is
 * judged by.
 */
final class ContainerCgroup {
    private static final Path ROOT = Path.of("/sys/fs/cgroup");

    private final Path dir;
    private final boolean v2;

    private ContainerCgroup(Path dir, boolean v2) {
        this.dir = dir;
        this.v2 = v2;
    }

    /**
     * The memory cgroup of process {@code pid} (the container's first process, as the engine
     * reports it), or null where it cannot be read from here (a remote engine, another namespace).
     */
    static ContainerCgroup of(long pid) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "cgroup"));
            for (String line : lines) {
                String[] f = line.split(":", 3);
                if (f.length == 3 && List.of(f[1].split(",")).contains("memory")) {
                    Path dir = ROOT.resolve("memory").resolve(f[2].substring(1));
                    return Files.exists(dir.resolve("memory.oom_control")) ? new ContainerCgroup(dir, false) : null;
                }
            }
            for (String line : lines) {
                if (line.startsWith("0::")) {
                    Path dir = ROOT.resolve(line.substring(4));
                    return Files.exists(dir.resolve("memory.events")) ? new ContainerCgroup(dir, true) : null;
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    /** How many processes the kernel killed at this cgroup's limit; -1 once the cgroup is gone. */
    long oomKills() {
        return counter(v2 ? "memory.events" : "memory.oom_control", "oom_kill");
    }

    /** The most memory the cgroup was charged; -1 once it is gone or where the kernel keeps no mark. */
    long peakBytes() {
        try {
            return Long.parseLong(Files.readString(dir.resolve(v2 ? "memory.peak" : "memory.max_usage_in_bytes")).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private long counter(String file, String key) {
        try {
            for (String line : Files.readAllLines(dir.resolve(file))) {
                if (line.startsWith(key + " ")) {
                    return Long.parseLong(line.substring(key.length() + 1).trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
