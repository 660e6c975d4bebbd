package org.sealpost.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Watches the heap while a workload runs. Two figures: the largest heap in use right after any
 * garbage collection (the live set, what "constant memory" is about), and the largest heap in use
 * at any 2 ms sample (which also counts garbage not yet collected, so it depends on -Xmx and the
 * collector more than on the code).
 */
final class PeakHeap implements AutoCloseable {

    private final AtomicLong peakAfterGc = new AtomicLong();
    private final AtomicLong peakSampled = new AtomicLong();
    private final AtomicLong collections = new AtomicLong();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onGc;
    private final Set<String> heapPools = new HashSet<>();
    private final Thread sampler;
    private volatile boolean running = true;

    private PeakHeap() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPools.add(pool.getName());
            }
        }
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
        sampler = new Thread(this::sample, "peak-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    static PeakHeap start() {
        return new PeakHeap();
    }

    /** Heap in use after a full collection, as the reference the peaks are compared with. */
    static long settledUsedHeap() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(
                    used,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    long peakAfterGc() {
        return peakAfterGc.get();
    }

    long peakSampled() {
        return peakSampled.get();
    }

    long collections() {
        return collections.get();
    }

    @Override
    public void close() throws Exception {
        running = false;
        sampler.join();
        for (NotificationEmitter emitter : emitters) {
            emitter.removeNotificationListener(listener);
        }
    }

    private void sample() {
        while (running) {
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            peakSampled.accumulateAndGet(used, Math::max);
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void onGc(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long used = 0;
        for (Map.Entry<String, MemoryUsage> pool :
                info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                used += pool.getValue().getUsed();
            }
        }
        peakAfterGc.accumulateAndGet(used, Math::max);
        collections.incrementAndGet();
    }
}
