package io.soakrig.stubs.perimeter;

import io.soakrig.profile.Overload;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Envoy's overload manager with the fixed-heap resource monitor: pressure is the heap in use over
 * {@code max_heap_size_bytes}, and actions trigger at thresholds — above 0.92 responses close
 * their connection (disable keep-alive), above 0.95 new requests are refused with 503.
 *
 * <p>The heap counted is what the perimeter really holds for its traffic: per-connection state
 * and buffered request and response bodies, each backed by a real allocation. If the container's
 * memory limit is lower than {@code max_heap_size_bytes}, the kernel kills the process before the
 * pressure ever reaches the shedding threshold — the misconfiguration of the April 2025 seed.
 */
public final class OverloadManager {
    private final Overload config;
    private final AtomicLong held = new AtomicLong();

    public OverloadManager(Overload config) {
        this.config = config;
    }

    void hold(long bytes) {
        held.addAndGet(bytes);
    }

    void release(long bytes) {
        held.addAndGet(-bytes);
    }

    long heldBytes() {
        return held.get();
    }

    double pressure() {
        return (double) held.get() / config.maxHeapSizeBytes();
    }

    boolean keepAliveDisabled() {
        return pressure() >= config.disableKeepAliveAt();
    }

    boolean acceptingRequests() {
        return pressure() < config.stopAcceptingRequestsAt();
    }

    int connectionStateBytes() {
        return config.connectionStateBytes();
    }
}
