package io.soakrig.analysis.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.analysis.latency.IntervalCounts;
import io.soakrig.contract.events.EventDetail;
import io.soakrig.contract.events.RunEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An incident's outcome read from events and per-second counts: kills, recovery, the flood's peak. */
class IncidentOutcomeTest {
    private static final long PUSH = 10_000;
    private static final long END = 40_000;
    private static final EventDetail STARTED = new EventDetail.Started(null, null, null, null);
    private static final EventDetail OOM_KILLED = new EventDetail.OomKilled(null, 137, null, null, null, null);

    @Test
    void aLoopThatNeverSettlesIsCountedAndNotCalledBroken() {
        List<RunEvent> events = List.of(
                event(PUSH + 300, new EventDetail.Exited(null, 134, null, null, null, null)),
                event(PUSH + 2_000, STARTED),
                event(PUSH + 3_000, OOM_KILLED),
                event(PUSH + 6_000, STARTED),
                event(PUSH + 7_000, OOM_KILLED),
                event(PUSH + 27_000, STARTED),
                event(PUSH + 28_000, OOM_KILLED),
                new RunEvent(PUSH + 5_000, "tracks", 0, OOM_KILLED));
        List<IntervalCounts> seconds = seconds(s -> s < 10 ? healthy() : failing());

        IncidentOutcome o = IncidentOutcome.of(events, List.of("perimeter"), seconds, PUSH, 0, END);

        assertThat(o.oomKills()).as("only the pushed target's").isEqualTo(3);
        assertThat(o.crashes()).isEqualTo(1);
        assertThat(o.restarts()).isEqualTo(3);
        assertThat(o.loopBroke()).isFalse();
        assertThat(o.recoveredAfterSeconds()).isNull();
        assertThat(o.availability()).isZero();
        assertThat(o.peakAmplification()).as("1000 attempts/s over a mean of (10x100 + 30x100)/40 s").isEqualTo(10.0);
    }

    @Test
    void recoveryIsTheStartOfTheHealthyStretchAfterTheLastFailure() {
        List<RunEvent> events = List.of(
                event(PUSH + 300, new EventDetail.Exited(null, 134, null, null, null, null)),
                event(PUSH + 2_000, STARTED),
                event(PUSH + 4_000, new EventDetail.SheddingStarted()),
                event(PUSH + 7_000, new EventDetail.SheddingStopped(505)));
        List<IntervalCounts> seconds = seconds(s -> s < 10 || s >= 18 ? healthy() : failing());

        IncidentOutcome o = IncidentOutcome.of(events, List.of("perimeter"), seconds, PUSH, 0, END);

        assertThat(o.loopBroke()).isTrue();
        assertThat(o.recoveredAfterSeconds()).isEqualTo(8.0);
        assertThat(o.shedRequests()).isEqualTo(505);
        assertThat(o.oomKills()).isZero();
        assertThat(o.availability()).as("22 healthy seconds of 30, to four places").isEqualTo(0.7333);
    }

    @Test
    void aRecoveryTooCloseToTheEndIsNotYetABrokenLoop() {
        List<IntervalCounts> seconds = seconds(s -> s >= 37 ? healthy() : failing());

        IncidentOutcome o = IncidentOutcome.of(List.of(), List.of("perimeter"), seconds, PUSH, 0, END);

        assertThat(o.loopBroke()).isFalse();
        assertThat(o.recoveredAfterSeconds()).isNull();
    }

    private static RunEvent event(long at, EventDetail detail) {
        return new RunEvent(at, "perimeter", 0, detail);
    }

    private static long[] healthy() {
        return new long[] {100, 0, 100};
    }

    private static long[] failing() {
        return new long[] {100, 100, 1000};
    }

    private static List<IntervalCounts> seconds(java.util.function.IntFunction<long[]> counts) {
        List<IntervalCounts> list = new ArrayList<>();
        for (int s = 0; s < 40; s++) {
            long[] c = counts.apply(s);
            list.add(new IntervalCounts(s * 1000L, (s + 1) * 1000L, c[0], c[1], c[2]));
        }
        return list;
    }
}
