package io.soakrig.harness.supervision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A memory limit enforced by the kernel: a child cgroup created under the harness's own, with
 * {@code memory.limit_in_bytes} (v1) or {@code memory.max} (v2). The process joins it with a
 * shell prefix before {@code exec}-ing the JVM, so every byte it ever allocates is charged. An
 * OOM kill is read back from the cgroup's own counter ({@code oom_kill} in
 * {@code memory.oom_control} or {@code memory.events}), not guessed from the exit code.
 */
final class CgroupLimit implements MemoryLimit {
    private final MemoryCgroup cgroup;

    private CgroupLimit(MemoryCgroup cgroup) {
        this.cgroup = cgroup;
    }

    /** Creates the cgroup {@code parent/name} limited to {@code limitBytes}. */
    static CgroupLimit create(MemoryCgroup parent, String name, long limitBytes) throws IOException {
        MemoryCgroup cgroup = parent.child(name);
        Path dir = cgroup.dir();
        Files.createDirectory(dir);
        try {
            Files.writeString(cgroup.limitFile(), Long.toString(limitBytes));
            if (cgroup.v2()) {
                writeIfPresent(dir.resolve("memory.swap.max"), "0");
            } else {
                writeIfPresent(dir.resolve("memory.memsw.limit_in_bytes"), Long.toString(limitBytes));
            }
        } catch (IOException e) {
            Files.deleteIfExists(dir);
            throw e;
        }
        return new CgroupLimit(cgroup);
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
        return cgroup.mechanism();
    }

    @Override
    public List<String> commandPrefix() {
        return List.of("/bin/sh", "-c", "echo $$ > \"$0/cgroup.procs\" && exec \"$@\"", cgroup.dir().toString());
    }

    @Override
    public void attach(Process process) {
        // the process joined the cgroup itself, before exec
    }

    @Override
    public boolean killedIt() {
        return cgroup.oomKills() > 0;
    }

    @Override
    public long peakBytes() {
        return cgroup.peakBytes();
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(cgroup.dir());
        } catch (IOException stillBusy) {
            // a process still in it; the kernel frees an empty cgroup's directory only when it empties
        }
    }
}
