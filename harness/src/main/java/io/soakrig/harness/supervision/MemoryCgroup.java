package io.soakrig.harness.supervision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One memory cgroup as the kernel shows it under {@code /sys/fs/cgroup}, v1 or v2: where a process
 * is charged, the most it was ever charged, and how many processes the kernel killed at its limit.
 *
 * <p>Why one type: the harness reads cgroups in three places — its own (to create limited children
 * under it), each limited stub's (to judge an exit), and each container's (an engine does not always
 * report that its limit killed a container). The two kernel layouts differ in file names only, and
 * those names live here once.
 */
public final class MemoryCgroup {
    private static final Path ROOT = Path.of("/sys/fs/cgroup");
    private static final Pattern OOM_KILLS = Pattern.compile("(?m)^oom_kill (\\d+)$");

    private final Path dir;
    private final boolean v2;

    private MemoryCgroup(Path dir, boolean v2) {
        this.dir = dir;
        this.v2 = v2;
    }

    /**
     * The memory cgroup that charges process {@code pid} ("self" for this JVM), or empty where this
     * machine has no memory controller or the process's cgroups cannot be read from here (a remote
     * engine, another namespace, a process that is gone).
     */
    public static Optional<MemoryCgroup> ofProcess(String pid) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc", pid, "cgroup"));
            for (String line : lines) {
                String[] f = line.split(":", 3);
                if (f.length == 3 && Arrays.asList(f[1].split(",")).contains("memory")) {
                    return Optional.of(new MemoryCgroup(ROOT.resolve("memory").resolve(f[2].substring(1)), false));
                }
            }
            for (String line : lines) {
                if (line.startsWith("0::") && Files.readString(ROOT.resolve("cgroup.controllers")).contains("memory")) {
                    return Optional.of(new MemoryCgroup(ROOT.resolve(line.substring(4)), true));
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The child cgroup {@code name} of this one (it need not exist yet). */
    MemoryCgroup child(String name) {
        return new MemoryCgroup(dir.resolve(name), v2);
    }

    Path dir() {
        return dir;
    }

    boolean v2() {
        return v2;
    }

    /** The file a limit is written to. */
    Path limitFile() {
        return dir.resolve(v2 ? "memory.max" : "memory.limit_in_bytes");
    }

    /** "cgroup-v1" or "cgroup-v2", as events name the enforcer. */
    String mechanism() {
        return v2 ? "cgroup-v2" : "cgroup-v1";
    }

    /** True while the cgroup exists and keeps an OOM-kill counter. */
    public boolean countsOomKills() {
        return Files.exists(eventsFile());
    }

    /** How many processes the kernel killed at this cgroup's limit; -1 once the cgroup is gone. */
    public long oomKills() {
        try {
            Matcher m = OOM_KILLS.matcher(Files.readString(eventsFile()));
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (IOException | NumberFormatException gone) {
            return -1;
        }
    }

    /** The most memory the cgroup was charged; -1 once it is gone or where the kernel keeps no mark. */
    public long peakBytes() {
        try {
            return Long.parseLong(Files.readString(dir.resolve(v2 ? "memory.peak" : "memory.max_usage_in_bytes")).trim());
        } catch (IOException | NumberFormatException notKept) {
            return -1;
        }
    }

    private Path eventsFile() {
        return dir.resolve(v2 ? "memory.events" : "memory.oom_control");
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
