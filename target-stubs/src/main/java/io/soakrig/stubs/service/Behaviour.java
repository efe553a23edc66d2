package io.soakrig.stubs.service;

/**
 * What a stub does with a request once faults have been applied. Called on a worker thread, so it
 * may block on upstream calls and pools the way a thread-per-request service does; that blocking is
 * how a slow dependency exhausts its callers.
 */
public interface Behaviour {
    Reply handle(Request request) throws InterruptedException;

    /**
     * Whether {@link #handle} may block (on an upstream, a pool, a sleep). A behaviour that never
     * blocks is run on the event loop, saving the hand-off to a worker: the stub must never be
     * the bottleneck of what it measures.
     */
    default boolean blocks() {
        return true;
    }
}
