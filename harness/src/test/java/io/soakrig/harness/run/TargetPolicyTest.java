package io.soakrig.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.profile.Profile;
import io.soakrig.profile.Profile.TargetSpec;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetPolicyTest {
    @Test
    void loopbackTargetsAreAllowed() {
        assertThat(new TargetPolicy(List.of()).violations(profile("http://127.0.0.1:8080", "http://localhost:9", "http://127.3.4.5/"))).isEmpty();
    }

    @Test
    void aNonLoopbackAddressIsRefusedWithTheFlagThatAllowsIt() {
        List<String> problems = new TargetPolicy(List.of()).violations(profile("http://10.1.2.3:8080"));

        assertThat(problems).singleElement().asString()
                .contains("target t0").contains("10.1.2.3").contains("not loopback").contains("--allow-host 10.1.2.3");
    }

    @Test
    void anAllowedHostMayReceiveTraffic() {
        assertThat(new TargetPolicy(List.of("10.1.2.3")).violations(profile("http://10.1.2.3:8080"))).isEmpty();
    }

    @Test
    void allowingOneHostDoesNotAllowAnother() {
        assertThat(new TargetPolicy(List.of("10.1.2.3")).violations(profile("http://10.1.2.4:8080"))).hasSize(1);
    }

    @Test
    void aMemorySourceOffLoopbackNeedsPermissionToo() {
        Profile p = new Profile("p", null, null, Map.of("api", new TargetSpec(null, URI.create("http://127.0.0.1:8080"),
                new Profile.MemorySourceSpec(URI.create("http://10.9.9.9:9090/metrics"), "process_resident_memory_bytes", null, null))),
                null, null, null, null, null, null);

        assertThat(new TargetPolicy(List.of()).violations(p)).singleElement().asString()
                .startsWith("target api memory source: host '10.9.9.9'");
    }

    @Test
    void stubTargetsNeedNoPermission() {
        Profile p = new Profile("p", null, null, Map.of("s", new TargetSpec(io.soakrig.profile.StubSpec.of(io.soakrig.profile.StubRole.BACKEND), null, null)), null, null, null, null, null, null);

        assertThat(new TargetPolicy(List.of()).violations(p)).isEmpty();
    }

    private static Profile profile(String... urls) {
        Map<String, TargetSpec> targets = new java.util.LinkedHashMap<>();
        for (int i = 0; i < urls.length; i++) {
            targets.put("t" + i, new TargetSpec(null, URI.create(urls[i]), null));
        }
        return new Profile("p", null, null, targets, null, null, null, null, null, null);
    }
}
