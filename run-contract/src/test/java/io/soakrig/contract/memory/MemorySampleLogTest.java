package io.soakrig.contract.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemorySampleLogTest {
    @TempDir
    Path dir;

    @Test
    void samplesRoundTripAndEachLineIsOnDiskAsSoonAsItIsAppended() throws Exception {
        Path file = dir.resolve("memory-samples.csv");
        MemorySample a = new MemorySample(1000, "backend", "stub-admin", 50, 20, 300, 2, 7, -1);
        MemorySample b = new MemorySample(2000, "backend", "stub-admin", 60, -1, 310, 2, 9, -1);
        try (MemorySampleLog log = MemorySampleLog.create(file)) {
            log.append(a);
            assertThat(MemorySampleLog.read(file)).containsExactly(a);
            log.append(b);
        }

        assertThat(MemorySampleLog.read(file)).containsExactly(a, b);
        assertThat(Files.readAllLines(file).get(0)).isEqualTo(MemorySampleLog.HEADER);
    }

    @Test
    void aLineCutShortByAKillIsSkipped() throws Exception {
        Path file = dir.resolve("memory-samples.csv");
        try (MemorySampleLog log = MemorySampleLog.create(file)) {
            log.append(new MemorySample(1000, "backend", "stub-admin", 50, 20, 300, 2, 7, -1));
        }
        Files.writeString(file, "2000,backend,stub-admin,60,2", StandardOpenOption.APPEND);

        assertThat(MemorySampleLog.read(file)).hasSize(1);
    }

    @Test
    void aLogWrittenBeforeTheMetricColumnExistedStillReads() throws Exception {
        Path file = dir.resolve("old.csv");
        Files.writeString(file, "epoch_ms,target,source,heap_used_bytes,heap_after_gc_bytes,rss_bytes,gc_count,requests_served,gc_aware_bytes\n"
                + "1000,backend,stub-admin,50,20,300,2,7,20\n");

        assertThat(MemorySampleLog.read(file)).containsExactly(new MemorySample(1000, "backend", "stub-admin", 50, 20, 300, 2, 7, -1));
    }

    @Test
    void aRedisSampleKeepsItsLimitAndKeyCount() throws Exception {
        Path file = dir.resolve("memory-samples.csv");
        MemorySample redis = new MemorySample(1000, "sessions", "redis-info", -1, -1, 4_000_000, -1, -1, 3_000_000, 50_331_648, 1200);
        try (MemorySampleLog log = MemorySampleLog.create(file)) {
            log.append(redis);
        }

        assertThat(MemorySampleLog.read(file)).containsExactly(redis);
        assertThat(redis.gcAwareBytes()).as("used_memory is judged").isEqualTo(3_000_000);
    }

    @Test
    void aMissingFileHasNoSamples() throws Exception {
        assertThat(MemorySampleLog.read(dir.resolve("absent.csv"))).isEmpty();
    }

    @Test
    void theGcAwareFigurePrefersHeapAfterGcThenHeapThenRss() {
        List<MemorySample> samples = List.of(
                new MemorySample(0, "t", "s", 50, 20, 300, 1, 0, -1),
                new MemorySample(0, "t", "prometheus", -1, -1, -1, -1, -1, 70),
                new MemorySample(0, "t", "s", 50, -1, 300, 0, 0, -1),
                new MemorySample(0, "t", "s", -1, -1, 300, -1, 0, -1));

        assertThat(samples).extracting(MemorySample::gcAwareBytes).containsExactly(20L, 70L, 50L, 300L);
        assertThat(samples).extracting(MemorySample::gcAwareSignal).containsExactly(
                MemorySample.Signal.HEAP_AFTER_GC, MemorySample.Signal.METRIC, MemorySample.Signal.HEAP_USED, MemorySample.Signal.RSS);
    }
}
