package io.soakrig.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StubLaunchTest {
    @TempDir
    Path dir;

    /** A stub reads back exactly the configuration the profile validated, its words written as the profile writes them. */
    @Test
    void aLaunchTravelsAsJsonWithItsWordsAsProfilesWriteThem() throws Exception {
        PerimeterSpec perimeter = new PerimeterSpec(List.of(new Route("/", "backend")), List.of(HttpFilter.USER_TIER, HttpFilter.AUTH),
                null, new RouteRetryPolicy(List.of(RetryCondition.FIVE_XX, RetryCondition.GATEWAY_ERROR), 2, null, null, null, null, null),
                null, null);
        StubSpec spec = new StubSpec(StubRole.PERIMETER, StubVersion.V3_2_1, null, null, 256, null, null, List.of("backend"), null, null, null,
                null, new RestartSpec(RestartPolicy.NEVER, Duration.ofSeconds(1), null, null), perimeter, null);
        StubLaunch launch = new StubLaunch("edge", 0, spec, Map.of(StubRole.AUTH, List.of("http://127.0.0.1:1")), Map.of(), 0, 0);
        Path file = dir.resolve("launch.json");

        launch.write(file);

        assertThat(StubLaunch.read(file)).isEqualTo(launch);
        assertThat(Files.readString(file)).contains("\"v3.2.1\"", "\"user-tier\"", "\"5xx\"", "\"gateway-error\"", "\"never\"", "\"perimeter\"");
    }
}
