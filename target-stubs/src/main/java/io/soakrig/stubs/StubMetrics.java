package io.soakrig.stubs;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * What a stub tells the outside world about itself, in Prometheus text on its admin port.
 *
 * <p>The standard JVM and process metrics of the Prometheus Java client are exported under their
 * usual names ({@code jvm_memory_used_bytes}, {@code process_resident_memory_bytes}, …) so that
 * anything which can watch a real service can watch a stub. Two figures are added because they
 * matter to leak detection and the client does not provide them:
 * <ul>
 *   <li>{@code soakrig_heap_after_gc_bytes}: heap in use right after the most recent collection,
 *   young or old, taken from the JVM's GC notifications. Heap used between collections is a
 *   sawtooth; its floor after each collection is what grows when memory leaks.</li>
 *   <li>{@code soakrig_requests_served_total}: requests answered, to reconcile with the client's
 *   own count.</li>
 * </ul>
 */
public final class StubMetrics {
    private static final int STATUSES = 600;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final LongAdder requestsServed = new LongAdder();
    private final AtomicLong heapAfterGc = new AtomicLong(-1);
    /** Each endpoint's answer counters by status, so counting one builds no label strings. */
    private final Map<String, AtomicReferenceArray<CounterDataPoint>> answersByEndpoint = new ConcurrentHashMap<>();
    private final Counter answers = Counter.builder().withoutExemplars()
            .name("soakrig_responses")
            .help("Requests answered, by endpoint (first path segment) and status; status 0 is a reset or a hang (no answer)")
            .labelNames("endpoint", "status")
            .build();

    public StubMetrics() {
        JvmMetrics.builder().register(registry);
        Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getName)
                .collect(Collectors.toSet());
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof com.sun.management.GarbageCollectorMXBean withInfo && withInfo.getLastGcInfo() != null) {
                heapAfterGc.set(heapUsed(withInfo.getLastGcInfo().getMemoryUsageAfterGc(), heapPools));
            }
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                    heapAfterGc.set(heapUsed(info.getGcInfo().getMemoryUsageAfterGc(), heapPools));
                }
            }, null, null);
        }
        GaugeWithCallback.builder()
                .name("soakrig_heap_after_gc_bytes")
                .help("Heap used right after the most recent garbage collection; -1 before the first one")
                .unit(io.prometheus.metrics.model.snapshots.Unit.BYTES)
                .callback(cb -> cb.call(heapAfterGc.get()))
                .register(registry);
        registry.register(answers);
        CounterWithCallback.builder()
                .name("soakrig_requests_served")
                .help("Requests this stub has answered on its service port")
                .callback(cb -> cb.call(requestsServed.sum()))
                .register(registry);
    }

    private static long heapUsed(Map<String, MemoryUsage> afterGc, Set<String> heapPools) {
        return afterGc.entrySet().stream()
                .filter(e -> heapPools.contains(e.getKey()))
                .mapToLong(e -> e.getValue().getUsed())
                .sum();
    }

    /**
     * Counts one answered request by endpoint and status (status 0: the connection was reset with
     * no answer). Lock-free.
     */
    public void answered(String endpoint, int status) {
        requestsServed.increment();
        answerCounter(endpoint, status).inc();
    }

    private CounterDataPoint answerCounter(String endpoint, int status) {
        if (status < 0 || status >= STATUSES) {
            return answers.labelValues(endpoint, Integer.toString(status));
        }
        AtomicReferenceArray<CounterDataPoint> byStatus = answersByEndpoint.computeIfAbsent(endpoint,
                e -> new AtomicReferenceArray<>(STATUSES));
        CounterDataPoint answer = byStatus.get(status);
        if (answer == null) {
            answer = answers.labelValues(endpoint, Integer.toString(status));
            byStatus.set(status, answer);
        }
        return answer;
    }

    public long requestsServed() {
        return requestsServed.sum();
    }

    /** Heap in use after the last collection, or right now when no collection happened yet. */
    public long heapAfterGc() {
        long after = heapAfterGc.get();
        return after >= 0 ? after : ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Where roles register their own figures. */
    public PrometheusRegistry registry() {
        return registry;
    }
}
