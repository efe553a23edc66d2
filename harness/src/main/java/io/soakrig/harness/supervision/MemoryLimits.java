package io.soakrig.harness.supervision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses how memory limits are enforced on this machine, by trying rather than assuming: a child
 * cgroup under the harness's own (v1 memory controller, or v2 with the memory controller
 * available), else the RSS watchdog.
 */
public final class MemoryLimits {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryLimits.class);
    private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");

    private final Path parent;
    private final boolean v2;

    private MemoryLimits(Path parent, boolean v2) {
        this.parent = parent;
        this.v2 = v2;
    }

    /** Probes this machine once. */
    public static MemoryLimits detect() {
        Optional<MemoryLimits> cgroup = cgroupParent().filter(MemoryLimits::writable);
        if (cgroup.isEmpty()) {
            LOG.info("no writable memory cgroup here; memory limits are enforced by an RSS watchdog");
        }
        return cgroup.orElse(watchdogOnly());
    }

    /** Limits enforced by the RSS watchdog even where a cgroup could be used. */
    public static MemoryLimits watchdogOnly() {
        return new MemoryLimits(null, false);
    }

    /** A limit of {@code limitBytes} for one process; {@code name} must be unique among live ones. */
    public MemoryLimit limit(String name, long limitBytes) {
        if (parent != null) {
            try {
                return CgroupLimit.create(parent, v2, name, limitBytes);
            } catch (IOException e) {
                LOG.warn("cannot create cgroup {}: {}; falling back to the RSS watchdog", name, e.getMessage());
            }
        }
        return new RssWatchdog(limitBytes);
    }

    /** The mechanism new limits will use. */
    public String mechanism() {
        return parent == null ? "rss-watchdog" : v2 ? "cgroup-v2" : "cgroup-v1";
    }

    private static Optional<MemoryLimits> cgroupParent() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
                String[] f = line.split(":", 3);
                if (f.length == 3 && java.util.Arrays.asList(f[1].split(",")).contains("memory")) {
                    return Optional.of(new MemoryLimits(CGROUP_ROOT.resolve("memory").resolve(f[2].substring(1)), false));
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
                if (line.startsWith("0::")) {
                    Path dir = CGROUP_ROOT.resolve(line.substring(4));
                    if (Files.readString(CGROUP_ROOT.resolve("cgroup.controllers")).contains("memory")) {
                        return Optional.of(new MemoryLimits(dir, true));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("no cgroup information: {}", e.toString());
        }
        return Optional.empty();
    }

    private static boolean writable(MemoryLimits candidate) {
        Path probe = candidate.parent.resolve("soakrig-probe-" + ProcessHandle.current().pid());
        try {
            Files.createDirectory(probe);
            boolean limitable = Files.exists(probe.resolve(candidate.v2 ? "memory.max" : "memory.limit_in_bytes"));
            Files.delete(probe);
            return limitable;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
