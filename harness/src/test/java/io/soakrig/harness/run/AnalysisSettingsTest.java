package io.soakrig.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.profile.ContainerSpec;
import io.soakrig.profile.ContainerTarget;
import io.soakrig.profile.Profile;
import io.soakrig.profile.StubRole;
import io.soakrig.profile.StubSpec;
import io.soakrig.profile.StubTarget;
import io.soakrig.profile.TargetSpec;
import io.soakrig.profile.UrlTarget;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnalysisSettingsTest {

    private static Profile profile() {
        Map<String, TargetSpec> targets = new LinkedHashMap<>();
        targets.put("api", new StubTarget(StubSpec.of(StubRole.BACKEND)));
        targets.put("shop", new ContainerTarget(new ContainerSpec("localhost/shop:1", 8080, null, null, null, 256, null, null, null, null)));
        targets.put("bare", new ContainerTarget(new ContainerSpec("localhost/shop:1", 8080, null, null, null, null, null, null, null, null)));
        targets.put("db", new UrlTarget(URI.create("http://127.0.0.1:5432"), null));
        return new Profile("p", null, null, targets, null, null, null, null, null, null);
    }

    @Test
    void aContainersMemoryLimitIsWhatItsMemoryGrowsTowards() {
        Map<String, Double> limits = AnalysisSettings.memoryLimitsMB(profile());

        assertThat(limits).containsEntry("shop", 256.0).doesNotContainKeys("bare", "db").containsKey("api");
    }

    @Test
    void everyContainerIsASampledTarget() {
        assertThat(AnalysisSettings.gates(profile()).sampledTargets()).containsExactlyInAnyOrder("api", "bare", "shop");
    }
}
