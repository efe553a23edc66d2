package io.soakrig.analysis.latency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestAccountingTest {
    @TempDir
    Path run;

    /** Canary arms' tags: 300 answered and 20 failed in the baseline, 250 answered and 10 failed in the canary; attempts besides. */
    private final LatencyRecording latency = recording(Map.of(
            "baseline/catalog", 300L, "baseline/catalog.ko", 20L, "baseline/catalog.try", 330L,
            "canary/catalog", 250L, "canary/catalog.ko", 10L, "canary/catalog.try", 270L));

    @Test
    void whatWasStartedAndNeverRecordedIsUnfinishedPerTag() throws Exception {
        Files.writeString(run.resolve(RequestAccounting.FILE),
                "{\"version\": 1, \"started\": {\"baseline/catalog\": 320, \"canary/catalog\": 300, \"canary/profile\": 5}}");

        RequestAccounting a = RequestAccounting.read(run, latency);

        assertThat(a.reconciled()).isTrue();
        assertThat(a.started()).isEqualTo(625);
        assertThat(a.recorded()).as("logical requests only, not attempts").isEqualTo(580);
        assertThat(a.unfinished()).isEqualTo(45);
        assertThat(a.unfinishedByTag()).containsExactlyInAnyOrderEntriesOf(Map.of("canary/catalog", 40L, "canary/profile", 5L));
        assertThat(a.unfinishedOf("baseline/catalog")).isZero();
        assertThat(a.requests()).isEqualTo(625);
    }

    @Test
    void aTagRecordedButNeverStartedDoesNotReconcile() throws Exception {
        Files.writeString(run.resolve(RequestAccounting.FILE), "{\"version\": 1, \"started\": {\"baseline/catalog\": 320}}");

        RequestAccounting a = RequestAccounting.read(run, latency);

        assertThat(a.reconciled()).isFalse();
        assertThat(a.problem()).contains("'canary/catalog'").contains("none were started");
        assertThat(a.started()).isNull();
        assertThat(a.unfinishedOrZero()).isZero();
        assertThat(a.requests()).as("what was recorded, the best figure left").isEqualTo(580);
    }

    @Test
    void withoutTheFileNothingReconciles() {
        RequestAccounting a = RequestAccounting.read(run, latency);

        assertThat(a.reconciled()).isFalse();
        assertThat(a.problem()).contains(RequestAccounting.FILE).contains("did not end cleanly");
    }

    @Test
    void negativeCountsAndMissingSectionsAreUnreadable() throws Exception {
        for (String written : new String[] {"{\"version\": 1, \"started\": {\"canary/catalog\": -1}}", "{\"version\": 1}", "[]", ""}) {
            Files.writeString(run.resolve(RequestAccounting.FILE), written);

            RequestAccounting a = RequestAccounting.read(run, latency);

            assertThat(a.reconciled()).as(written).isFalse();
            assertThat(a.problem()).as(written).startsWith(RequestAccounting.FILE + " is unreadable");
        }
    }

    private static LatencyRecording recording(Map<String, Long> counts) {
        Map<String, Histogram> byTag = new TreeMap<>();
        counts.forEach((tag, n) -> {
            Histogram h = new Histogram(3);
            h.recordValueWithCount(1_000_000, n);
            byTag.put(tag, h);
        });
        return new LatencyRecording(byTag, 0, 10_000, false);
    }
}
