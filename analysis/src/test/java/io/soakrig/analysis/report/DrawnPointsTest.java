package io.soakrig.analysis.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DrawnPointsTest {
    @Test
    void aDayAtOnePointASecondKeepsEverySlicesPeakTroughAndGapInAFewThousandPoints() {
        SplittableRandom random = new SplittableRandom(1);
        List<Double> t = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        List<Double> p50 = new ArrayList<>();
        for (int s = 0; s < 86_400; s++) {
            t.add((double) s);
            p99.add(s == 54_321 ? 900.0 : s == 7_777 ? 0.1 : 5 + random.nextDouble());
            p50.add(s == 999 ? null : s == 60_000 ? 50.0 : 2 + random.nextDouble());
        }

        int[] kept = DrawnPoints.of(t, p50, p99);

        assertThat(kept.length).isLessThanOrEqualTo(5 * DrawnPoints.SLICES + 2).isGreaterThan(2 * DrawnPoints.SLICES);
        assertThat(kept).contains(0, 86_399, 54_321, 7_777, 999, 60_000).isSorted();
        List<Double> drawnP99 = DrawnPoints.at(p99, kept);
        assertThat(drawnP99.stream().mapToDouble(Double::doubleValue).max().orElseThrow()).isEqualTo(900.0);
        for (int slice = 0; slice < DrawnPoints.SLICES; slice++) {
            int from = (int) Math.ceil(slice * 86_399 / (double) DrawnPoints.SLICES);
            int to = (int) Math.ceil((slice + 1) * 86_399 / (double) DrawnPoints.SLICES);
            double highest = p99.subList(from, Math.min(to, p99.size())).stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            int slice0 = slice;
            assertThat(Arrays.stream(kept).filter(i -> i >= from && i < to).mapToObj(p99::get).anyMatch(v -> v == highest))
                    .as("slice %d keeps its highest p99", slice0).isTrue();
        }
    }

    @Test
    void aSeriesAChartCanDrawWholeIsKeptWhole() {
        List<Double> t = new ArrayList<>();
        for (int s = 0; s < 2 * DrawnPoints.SLICES; s++) {
            t.add((double) s);
        }

        int[] kept = DrawnPoints.of(t, t);

        assertThat(kept).hasSize(t.size());
        assertThat(DrawnPoints.at(t, kept)).isSameAs(t);
        assertThat(DrawnPoints.thins(t)).isFalse();
    }
}
