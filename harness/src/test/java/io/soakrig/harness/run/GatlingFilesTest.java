package io.soakrig.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.harness.TestProfiles;
import io.soakrig.profile.Profile;
import io.soakrig.profile.ProfileLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatlingFilesTest {
    @TempDir
    Path tmp;

    @Test
    void gatlingsOwnFilesAreKeptForSmallPlansAndLeftOutForLargeOnes() throws Exception {
        Profile day = profile("day", 50, "24h");
        Profile smoke = profile("smoke", 200, "30s");

        assertThat(GatlingFiles.plannedArrivals(day, day.plannedDuration())).isEqualTo(50.0 * 86_400);
        assertThat(GatlingFiles.kept(day, day.plannedDuration())).isFalse();
        assertThat(GatlingFiles.leftOut(day, day.plannedDuration())).contains("4320000 planned arrivals, more than 500000");
        assertThat(GatlingFiles.kept(day, Duration.ofMinutes(10))).as("the day cut to ten minutes: 30,000 arrivals").isTrue();
        assertThat(GatlingFiles.kept(smoke, smoke.plannedDuration())).isTrue();
    }

    @Test
    void everyBundledProfileKeepsThem() throws Exception {
        try (var bundled = Files.list(Path.of("..", "soak-profiles"))) {
            for (Path file : bundled.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Profile profile = new ProfileLoader().load(file);
                assertThat(GatlingFiles.kept(profile, profile.plannedDuration())).as(file.toString()).isTrue();
            }
        }
    }

    private Profile profile(String name, int rate, String duration) throws Exception {
        return new ProfileLoader().load(Files.writeString(tmp.resolve(name + ".yaml"), """
                name: %s
                targets:
                  api:
                    stub:
                      role: backend
                """.formatted(name) + TestProfiles.traffic("api", rate, duration)));
    }
}
