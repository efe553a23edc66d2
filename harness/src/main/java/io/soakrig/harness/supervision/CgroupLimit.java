package io.soakrig.harness.supervision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A memory limit enforced by the kernel: a child cgroup created under the harness's own, with
 * {@code memory.limit_in_bytes} (v1) or {@code memory.max} (v2). The process joins it with a
 * shell prefix before {@code exec}-ing the JVM, so every byte it ever allocates is charged. An
 * OOM kill is read back from the cgroup's own counter ({@code oom_kill} in
 * {@code memory.oom_control} or {@code memory.events}), not guessed from the exit code.
 */
final class CgroupLimit implements MemoryLimit {
    private static final Pattern OOM_KILLS = Pattern.compile("(?m)^oom_kill (\\d+)$");

    private final Path dir;
    private final boolean v2;

    private CgroupLimit(Path dir, boolean v2) {
        this.dir = dir;
        this.v2 = v2;
    }

    /** Creates the cgroup {@code parent/name} limited to {@code limitBytes}. */
    static CgroupLimit create(Path parent, boolean v2, String name, long limitBytes) throws IOException {
        Path dir = parent.resolve(name);
        Files.createDirectory(dir);
        try {
            if (v2) {
                Files.writeString(dir.resolve("memory.max"), Long.toString(limitBytes));
                writeIfPresent(dir.resolve("memory.swap.max"), "0");
            } else {
                Files.writeString(dir.resolve("memory.limit_in_bytes"), Long.toString(limitBytes));
                writeIfPresent(dir.resolve("memory.memsw.limit_in_bytes"), Long.toString(limitBytes));
            }
        } catch (IOException e) {
            Files.deleteIfExists(dir);
            throw e;
        }
        return new CgroupLimit(dir, v2);
    }

    private static void writeIfPresent(Path file, String value) {
        try {
            if (Files.exists(file)) {
                Files.writeString(file, value);
            }
        } catch (IOException notSupported) {
            // swap accounting off in this kernel: there is no swap to escape into either
        }
    }

    @Override
    public String mechanism() {
        return v2 ? "cgroup-v2" : "cgroup-v1";
    }

    @Override
    public List<String> commandPrefix() {
        return List.of("/bin/sh", "-c", "echo $$ > \"$0/cgroup.procs\" && exec \"$@\"", dir.toString());
    }

    @Override
    public void attach(Process process) {
        // the process joined the cgroup itself, before exec
    }

    @Override
    public boolean killedIt() {
        try {
            Matcher m = OOM_KILLS.matcher(Files.readString(dir.resolve(v2 ? "memory.events" : "memory.oom_control")));
            return m.find() && Long.parseLong(m.group(1)) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public long peakBytes() {
        try {
            return Long.parseLong(Files.readString(dir.resolve(v2 ? "memory.peak" : "memory.max_usage_in_bytes")).trim());
        } catch (IOException | NumberFormatException notKept) {
            return -1;
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException stillBusy) {
            // a process still in it; the kernel frees an empty cgroup's directory only when it empties
        }
    }
}
