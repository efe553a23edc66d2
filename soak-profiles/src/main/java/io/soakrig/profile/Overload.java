package io.soakrig.profile;

/**
 * The overload manager with Envoy's fixed-heap resource monitor. The "heap" is what the stub
 * really holds for its traffic — per-connection state and buffered bodies — so its pressure
 * and the process's memory move together.
 *
 * @param maxHeapSizeBytes         the monitor's {@code max_heap_size_bytes} (default 256 MiB)
 * @param disableKeepAliveAt       pressure at which responses close their connection (default 0.92)
 * @param stopAcceptingRequestsAt  pressure at which requests are refused with 503 (default 0.95)
 * @param connectionStateBytes     bytes held per open downstream connection (default 64 KiB, as
 *                                 Envoy's per-connection buffers)
 */
public record Overload(Long maxHeapSizeBytes, Double disableKeepAliveAt, Double stopAcceptingRequestsAt,
                       Integer connectionStateBytes) {
    public static final Overload DEFAULT = new Overload(null, null, null, null);

    public Overload {
        maxHeapSizeBytes = maxHeapSizeBytes == null ? 256L << 20 : maxHeapSizeBytes;
        disableKeepAliveAt = disableKeepAliveAt == null ? 0.92 : disableKeepAliveAt;
        stopAcceptingRequestsAt = stopAcceptingRequestsAt == null ? 0.95 : stopAcceptingRequestsAt;
        connectionStateBytes = connectionStateBytes == null ? 64 << 10 : connectionStateBytes;
    }

    void check(Checks at) {
        if (maxHeapSizeBytes < Limits.MIN_OVERLOAD_HEAP_BYTES) {
            at.at("maxHeapSizeBytes").fail("must be at least 1 MiB");
        }
        if (!(disableKeepAliveAt > 0 && disableKeepAliveAt <= stopAcceptingRequestsAt && stopAcceptingRequestsAt <= 1)) {
            at.fail("need 0 < disableKeepAliveAt <= stopAcceptingRequestsAt <= 1");
        }
        at.at("connectionStateBytes").within(connectionStateBytes, Limits.CONNECTION_STATE_BYTES);
    }
}
