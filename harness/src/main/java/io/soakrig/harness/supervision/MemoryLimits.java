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

    private final MemoryCgroup parent;

    private MemoryLimits(MemoryCgroup parent) {
        this.parent = parent;
    }

    /** Probes this machine once. */
    public static MemoryLimits detect() {
        Optional<MemoryCgroup> own = MemoryCgroup.ofProcess("self").filter(MemoryLimits::writable);
        if (own.isEmpty()) {
            LOG.info("no writable memory cgroup here; memory limits are enforced by an RSS watchdog");
        }
        return new MemoryLimits(own.orElse(null));
    }

    /** Limits enforced by the RSS watchdog even where a cgroup could be used. */
    public static MemoryLimits watchdogOnly() {
        return new MemoryLimits(null);
    }

    /** A limit of {@code limitBytes} for one process; {@code name} must be unique among live ones. */
    public MemoryLimit limit(String name, long limitBytes) {
        if (parent != null) {
            try {
                return CgroupLimit.create(parent, name, limitBytes);
            } catch (IOException e) {
                LOG.warn("cannot create cgroup {}: {}; falling back to the RSS watchdog", name, e.getMessage());
            }
        }
        return new RssWatchdog(limitBytes);
    }

    /** The mechanism new limits will use. */
    public String mechanism() {
        return parent == null ? "rss-watchdog" : parent.mechanism();
    }

    private static boolean writable(MemoryCgroup candidate) {
        MemoryCgroup probe = candidate.child("soakrig-probe-" + ProcessHandle.current().pid());
        try {
            Files.createDirectory(probe.dir());
            boolean limitable = Files.exists(probe.limitFile());
            Files.delete(probe.dir());
            return limitable;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
