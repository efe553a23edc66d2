package io.soakrig.harness.container;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.MemoryStatsConfig;
import com.github.dockerjava.api.model.Statistics;
import io.soakrig.contract.memory.MemorySample;
import io.soakrig.harness.sampling.MemorySource;
import io.soakrig.harness.sampling.PrometheusText;
import io.soakrig.harness.sampling.SampleClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A container target's memory as its engine counts it against the limit: the working set of the
 * container's cgroup (usage less inactive file cache, the figure Kubernetes and {@code docker stats}
 * show, and the one the kernel reclaims last), from the engine's stats API — so it works for any
 * engine, local or not. When the profile names a Prometheus metric the service exports, that
 * figure is taken from the service too, and becomes the one growth is judged on.
 */
public final class ContainerMemorySource implements MemorySource {
    /** The {@code source} of these samples in {@code memory-samples.csv}. */
    public static final String SOURCE = "container-engine";

    private final String target;
    private final ContainerTarget container;
    private final HttpClient http;

    public ContainerMemorySource(String target, ContainerTarget container, HttpClient http) {
        this.target = target;
        this.container = container;
        this.http = http;
    }

    @Override
    public String target() {
        return target;
    }

    @Override
    public MemorySample sample(SampleClock clock) throws IOException, InterruptedException {
        String id = container.containerId();
        if (id == null) {
            throw new IOException("container target " + target + " is not running");
        }
        long workingSet = workingSet(stats(id), id);
        long metric = -1;
        if (container.spec().metric() != null) {
            URI url = container.url().resolve(container.spec().metric().path());
            metric = PrometheusText.figure(PrometheusText.scrape(http, url, null), container.spec().metric().metric(), Map.of());
        }
        return new MemorySample(clock.epochMillis(), target, SOURCE, -1, -1, workingSet, -1, -1, metric);
    }

    private Statistics stats(String id) throws IOException, InterruptedException {
        CompletableFuture<Statistics> first = new CompletableFuture<>();
        ResultCallback.Adapter<Statistics> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Statistics s) {
                first.complete(s);
            }

            @Override
            public void onError(Throwable t) {
                first.completeExceptionally(t);
            }
        };
        try (var ignored = container.engine().client().statsCmd(id).withNoStream(true).exec(callback)) {
            return first.get(PrometheusText.SCRAPE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("no stats for container " + id + ": " + e.getMessage());
        }
    }

    /** Usage less the inactive file cache, as {@code docker stats} computes it (cgroup v1 and v2 names). */
    static long workingSet(Statistics s, String id) throws IOException {
        MemoryStatsConfig memory = s == null ? null : s.getMemoryStats();
        if (memory == null || memory.getUsage() == null || memory.getUsage() <= 0) {
            throw new IOException("the engine gave no memory figure for container " + id);
        }
        long inactive = 0;
        if (memory.getStats() != null) {
            Long v1 = memory.getStats().getTotalInactiveFile();
            Long v2 = memory.getStats().getInactiveFile();
            inactive = v1 != null ? v1 : v2 != null ? v2 : 0;
        }
        return Math.max(0, memory.getUsage() - inactive);
    }
}
