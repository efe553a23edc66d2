package io.soakrig.analysis.comparison;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.Arrays;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyShiftTest {
    @Test
    void onSmallExactValuesItAgreesWithTheBruteForceStatistics() {
        Random random = new Random(11);
        long[] baseline = random.longs(40, 100, 900).toArray();
        long[] canary = random.longs(55, 150, 1000).toArray();

        LatencyShift.Result r = LatencyShift.compare(histogram(baseline), histogram(canary), 0.95);

        long[] differences = new long[baseline.length * canary.length];
        double u = 0;
        int k = 0;
        for (long c : canary) {
            for (long b : baseline) {
                differences[k++] = c - b;
                u += c > b ? 1 : c == b ? 0.5 : 0;
            }
        }
        Arrays.sort(differences);
        assertThat(r.shift()).as("Hodges–Lehmann: the median pairwise difference")
                .isEqualTo((double) differences[(differences.length + 1) / 2 - 1]);
        double n = baseline.length;
        double m = canary.length;
        double z = (u - n * m / 2) / Math.sqrt(n * m * (n + m + 1) / 12);
        assertThat(r.pCanarySlower()).as("no ties among these values beyond chance: plain Mann–Whitney z")
                .isCloseTo(1 - new org.apache.commons.math3.distribution.NormalDistribution().cumulativeProbability(z), offset(0.01));
        assertThat(r.lower()).isLessThanOrEqualTo(r.shift());
        assertThat(r.upper()).isGreaterThanOrEqualTo(r.shift());
        assertThat(r.baselineCount()).isEqualTo(40);
        assertThat(r.canaryCount()).isEqualTo(55);
    }

    @Test
    void aCanaryShiftedByFiveMillisecondsIsMeasuredAsSuch() {
        Random random = new Random(3);
        Histogram baseline = new Histogram(3);
        Histogram canary = new Histogram(3);
        for (int i = 0; i < 20_000; i++) {
            baseline.recordValue(lognormalNanos(random));
            canary.recordValue(lognormalNanos(random) + 5_000_000);
        }

        LatencyShift.Result r = LatencyShift.compare(baseline, canary, 0.99);

        assertThat(r.shift() / 1e6).isCloseTo(5.0, offset(0.15));
        assertThat(r.lower() / 1e6).isBetween(4.5, 5.0);
        assertThat(r.upper() / 1e6).isBetween(5.0, 5.5);
        assertThat(r.pCanarySlower()).isLessThan(1e-9);
    }

    @Test
    void identicalDistributionsShowNoShift() {
        Random random = new Random(5);
        Histogram baseline = new Histogram(3);
        Histogram canary = new Histogram(3);
        for (int i = 0; i < 20_000; i++) {
            baseline.recordValue(lognormalNanos(random));
            canary.recordValue(lognormalNanos(random));
        }

        LatencyShift.Result r = LatencyShift.compare(baseline, canary, 0.99);

        assertThat(r.lower()).isLessThanOrEqualTo(0);
        assertThat(r.upper()).isGreaterThanOrEqualTo(0);
        assertThat(r.pCanarySlower()).isGreaterThan(0.001);
        assertThat(r.baselineMedian() / 1e6).isCloseTo(3.0, offset(0.2));
    }

    @Test
    void allValuesTiedGiveNoEvidenceEitherWay() {
        Histogram same = new Histogram(3);
        same.recordValueWithCount(1_000_000, 500);

        LatencyShift.Result r = LatencyShift.compare(same, same.copy(), 0.99);

        assertThat(r.shift()).isZero();
        assertThat(r.lower()).isZero();
        assertThat(r.upper()).isZero();
        assertThat(r.pCanarySlower()).isEqualTo(0.5);
    }

    @Test
    void anEmptyArmIsRefused() {
        Histogram some = new Histogram(3);
        some.recordValue(10);

        assertThatThrownBy(() -> LatencyShift.compare(new Histogram(3), some, 0.99))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("baseline 0");
    }

    /** Median 3 ms, a long right tail, as service latency has. */
    private static long lognormalNanos(Random random) {
        return (long) (3_000_000 * Math.exp(0.5 * random.nextGaussian()));
    }

    private static Histogram histogram(long[] values) {
        Histogram h = new Histogram(3);
        for (long v : values) {
            h.recordValue(v);
        }
        return h;
    }
}
