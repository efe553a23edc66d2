package io.soakrig.harness.workers;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.analysis.load.GeneratorCheck;
import io.soakrig.contract.RunLayout;
import io.soakrig.contract.arrivals.ArrivalsCsv;
import io.soakrig.harness.TestProfiles;
import io.soakrig.profile.Profile;
import io.soakrig.profile.ProfileLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerMergeTest {
    @TempDir
    Path tmp;

    /**
     * Two hours of two workers' seconds merged as they come: the merge holds only the seconds
     * not merged yet (it re-read and rewrote every second of the run at each merge before), and
     * the merged log is every second with both workers' arrivals summed.
     */
    @Test
    void mergesTwoHoursOfArrivalsHoldingOnlyTheSecondsNotMergedYet() throws Exception {
        Profile profile = twoWorkers("2h");
        String population = profile.arrivalPlans().get(0).population();
        RunLayout run = RunLayout.of(tmp.resolve("run"));
        int seconds = 7200;
        int most = 0;
        try (WorkerMerge merge = new WorkerMerge(run, 2, System.currentTimeMillis(), profile)) {
            try (ArrivalsCsv.Writer first = ArrivalsCsv.Writer.create(run.worker(0).arrivals());
                 ArrivalsCsv.Writer second = ArrivalsCsv.Writer.create(run.worker(1).arrivals())) {
                for (int s = 0; s < seconds; s++) {
                    first.write(new ArrivalsCsv.Row(s, population, 50, 50));
                    first.flush();
                    if (s >= 3) {
                        second.write(new ArrivalsCsv.Row(s - 3, population, 50, 49));
                        second.flush();
                    }
                    if (s % 10 == 0) {
                        merge.poll(Set.of());
                        most = Math.max(most, merge.pendingSeconds());
                    }
                }
                for (int s = seconds - 3; s < seconds; s++) {
                    second.write(new ArrivalsCsv.Row(s, population, 50, 49));
                }
            }
            merge.finish();
        }

        assertThat(most).as("seconds held: the ten since the last merge and the one worker's lag").isLessThanOrEqualTo(15);
        List<ArrivalsCsv.Row> merged = ArrivalsCsv.read(run.arrivals()).orElseThrow();
        assertThat(merged).hasSize(seconds);
        assertThat(merged).allSatisfy(row -> assertThat(row.started()).isEqualTo(99));
        assertThat(merged).extracting(ArrivalsCsv.Row::second).isSorted().doesNotHaveDuplicates();
        GeneratorCheck.Result check = GeneratorCheck.read(run.root());
        assertThat(check.started()).isEqualTo(99L * seconds);
        assertThat(check.intended()).isEqualTo(100.0 * seconds);
    }

    /**
     * Whether a worker's last second was over before its generator closed is a matter of
     * milliseconds: a last second only some workers wrote is dropped, as a single generator's
     * unfinished last second is, rather than merged as a shortfall.
     */
    @Test
    void aLastSecondOnlySomeWorkersWroteIsDropped() throws Exception {
        Profile profile = twoWorkers("10s");
        String population = profile.arrivalPlans().get(0).population();
        RunLayout run = RunLayout.of(tmp.resolve("run"));
        try (WorkerMerge merge = new WorkerMerge(run, 2, System.currentTimeMillis(), profile)) {
            try (ArrivalsCsv.Writer first = ArrivalsCsv.Writer.create(run.worker(0).arrivals());
                 ArrivalsCsv.Writer second = ArrivalsCsv.Writer.create(run.worker(1).arrivals())) {
                for (int s = 0; s < 10; s++) {
                    first.write(new ArrivalsCsv.Row(s, population, 50, 50));
                    if (s < 9) {
                        second.write(new ArrivalsCsv.Row(s, population, 50, 50));
                    }
                }
            }
            merge.poll(Set.of(0, 1));
            merge.finish();
        }

        List<ArrivalsCsv.Row> merged = ArrivalsCsv.read(run.arrivals()).orElseThrow();
        assertThat(merged).extracting(ArrivalsCsv.Row::second).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(merged).allSatisfy(row -> assertThat(row.started()).isEqualTo(100));
    }

    /** A profile of 100 arrivals a second at one backend stub for {@code duration}, and the two workers' directories. */
    private Profile twoWorkers(String duration) throws Exception {
        RunLayout run = RunLayout.of(tmp.resolve("run"));
        Files.createDirectories(run.worker(0).root());
        Files.createDirectories(run.worker(1).root());
        return new ProfileLoader().load(Files.writeString(tmp.resolve("p.yaml"), """
                name: two
                targets:
                  api:
                    stub:
                      role: backend
                """ + TestProfiles.traffic("api", 100, duration)));
    }
}
