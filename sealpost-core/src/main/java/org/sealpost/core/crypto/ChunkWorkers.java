package org.sealpost.core.crypto;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shared worker threads that encrypt and decrypt chunks in parallel (and wrap an envelope's
 * content key for many recipients): one per core, daemon, so that an idle JVM can exit. Tasks are
 * pure CPU work on data they own; nothing blocks on I/O or waits for another task, so a caller that
 * submits work and then waits for it cannot deadlock the pool.
 */
public final class ChunkWorkers {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final ExecutorService POOL =
            Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), task -> {
                Thread thread = new Thread(task, "sealpost-chunk-" + COUNTER.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });

    private ChunkWorkers() {}

    public static ExecutorService pool() {
        return POOL;
    }

    public static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }
}
