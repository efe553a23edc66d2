package io.soakrig.stubs.service;

import io.soakrig.contract.io.DaemonTicker;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The stub's request threads: a fixed pool with a bounded queue, like a servlet container's.
 * Work beyond {@code threads} running and {@code queue} waiting is rejected, which the service
 * handler turns into an immediate 503.
 */
public final class RequestWorkers extends ThreadPoolExecutor {
    /**
     * @param threads worker threads, >= 1
     * @param queue   requests that may wait for a worker, >= 1
     */
    public RequestWorkers(int threads, int queue) {
        super(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue),
                DaemonTicker.numberedDaemonThreads("stub-worker"), new AbortPolicy());
    }
}
