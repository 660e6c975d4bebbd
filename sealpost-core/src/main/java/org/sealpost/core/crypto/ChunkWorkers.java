package org.sealpost.core.crypto;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shared worker threads that encrypt and decrypt chunks in parallel: one per core, daemon, so
 * that an idle JVM can exit. Tasks are pure CPU work on buffers they own; nothing blocks on I/O.
 */
final class ChunkWorkers {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final ExecutorService POOL =
            Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), task -> {
                Thread thread = new Thread(task, "sealpost-chunk-" + COUNTER.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });

    private ChunkWorkers() {}

    static ExecutorService pool() {
        return POOL;
    }

    static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }
}
