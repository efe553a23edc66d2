package io.soakrig.analysis.leak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Finding the floor of a signal without being told its collector. */
class MemoryFloorTest {
    @Test
    void aUsedHeapSawtoothGivesOnePointPerCycleAtItsTrough() {
        double[] t = new double[300];
        double[] mb = new double[300];
        for (int i = 0; i < t.length; i++) {
            t[i] = i;
            mb[i] = 50 + 0.1 * i + 16 * (i % 12);   // 16 MiB/s of garbage, a collection every 12 s, 6 MiB/min retained
        }

        MemoryFloor.Floors f = MemoryFloor.of(t, mb, 20, 2);

        assertThat(f.method()).isEqualTo(MemoryFloor.Method.CYCLE_FLOORS);
        assertThat(f.cycleSeconds()).isEqualTo(12);
        assertThat(f.points()).hasSizeBetween(22, 24).allSatisfy(p -> assertThat(p[1]).isCloseTo(50 + 0.1 * p[0], org.assertj.core.data.Offset.offset(1e-9)));
    }

    @Test
    void aGaugeUpdatedAtCollectionsIsNotASawtooth() {
        double[] t = new double[120];
        double[] mb = new double[120];
        for (int i = 0; i < t.length; i++) {
            t[i] = i;
            mb[i] = 40 + (i / 10) - (i % 20 == 19 ? 3 : 0);   // heap after GC, a new figure every 10 s, now and then lower
        }

        assertThat(MemoryFloor.of(t, mb, 0, 2).method()).isEqualTo(MemoryFloor.Method.WINDOW_MINIMA);
    }

    @Test
    void noiseAloneIsNotReadAsASawtooth() {
        Random random = new Random(3);
        double[] t = new double[900];
        double[] mb = new double[900];
        for (int i = 0; i < t.length; i++) {
            t[i] = i;
            mb[i] = 80 + random.nextGaussian();
        }

        assertThat(MemoryFloor.of(t, mb, 20, 2).method()).isEqualTo(MemoryFloor.Method.WINDOW_MINIMA);
    }

    @Test
    void aBurstOfFallsInOnePlaceIsNotASawtooth() {
        double[] t = new double[600];
        double[] mb = new double[600];
        for (int i = 0; i < t.length; i++) {
            t[i] = i;
            mb[i] = 300 + 0.05 * i - (i >= 200 ? 40 : 0) - (i >= 208 ? 40 : 0) - (i >= 216 ? 40 : 0);  // RSS given back three times
        }

        assertThat(MemoryFloor.of(t, mb, 20, 2).method()).isEqualTo(MemoryFloor.Method.WINDOW_MINIMA);
    }
}
