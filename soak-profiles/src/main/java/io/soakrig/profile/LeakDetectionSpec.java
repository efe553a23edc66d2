package io.soakrig.profile;

import java.time.Duration;

/**
 * How a leak is called (see the analysis module's LeakDetector): readings before {@code warmUp}
 * are ignored, {@code window} minima are judged, growth faster than {@code minLeakMBPerMin}
 * sustained over {@code minSpan} is a leak, and the chance of ever calling a leak where there
 * is none stays below {@code falseAlarmRate}. Defaults: 20s, 2s, 1 MiB/min, 4m, 0.01.
 */
public record LeakDetectionSpec(Duration warmUp, Duration window, Double minLeakMBPerMin, Duration minSpan,
                                Double falseAlarmRate) {
    /** Every default. */
    public static final LeakDetectionSpec DEFAULT = new LeakDetectionSpec(null, null, null, null, null);

    public LeakDetectionSpec {
        warmUp = warmUp == null ? Duration.ofSeconds(20) : warmUp;
        window = window == null ? Duration.ofSeconds(2) : window;
        minLeakMBPerMin = minLeakMBPerMin == null ? 1.0 : minLeakMBPerMin;
        minSpan = minSpan == null ? Duration.ofMinutes(3) : minSpan;
        falseAlarmRate = falseAlarmRate == null ? 0.01 : falseAlarmRate;
    }

    void check(Checks at) {
        at.at("warmUp").notNegative(warmUp);
        at.at("window").positive(window);
        at.at("minSpan").notNegative(minSpan);
        if (!(minLeakMBPerMin > 0)) {
            at.at("minLeakMBPerMin").fail("must be > 0, was " + minLeakMBPerMin);
        }
        if (!(falseAlarmRate > 0 && falseAlarmRate < 0.5)) {
            at.at("falseAlarmRate").fail("must be between 0 and 0.5 (exclusive), was " + falseAlarmRate);
        }
    }
}
