package io.soakrig.stubs.perimeter;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * What one downstream connection holds once it has carried a request: Envoy's per-connection
 * buffers and codec state, as {@code connectionStateBytes} of real memory counted by the
 * overload manager until the connection closes.
 *
 * <p>The bytes live outside the Java heap (a direct buffer, every page written so that it is
 * resident) and are freed the moment the connection closes, as Envoy's allocator frees them. So
 * the process's resident memory is the JVM's bounded baseline plus exactly what the perimeter
 * holds: a closed connection leaves no garbage for a lazy collector to keep resident, and a heap
 * sized above the container limit cannot grow the process towards the limit under normal
 * traffic. Only the state the overload manager counts can, which is the seed's mechanism.
 */
final class ConnectionState {
    private static final int PAGE = 4096;

    private final OverloadManager overload;
    private ByteBuf bytes;

    private ConnectionState(OverloadManager overload, ByteBuf bytes) {
        this.overload = overload;
        this.bytes = bytes;
    }

    /** Allocates and touches {@code overload.connectionStateBytes()} and counts them as held. */
    static ConnectionState hold(OverloadManager overload) {
        int size = overload.connectionStateBytes();
        ByteBuf bytes = Unpooled.directBuffer(size, size);
        for (int i = 0; i < size; i += PAGE) {
            bytes.setByte(i, 1);
        }
        bytes.setByte(size - 1, 1);
        overload.hold(size);
        return new ConnectionState(overload, bytes);
    }

    /** Frees the memory and stops counting it; idempotent. */
    void release() {
        if (bytes != null) {
            overload.release(bytes.capacity());
            bytes.release();
            bytes = null;
        }
    }
}
