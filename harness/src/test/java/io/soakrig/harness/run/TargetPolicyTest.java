package io.soakrig.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.profile.Profile;
import io.soakrig.profile.PrometheusMemory;
import io.soakrig.profile.TargetSpec;
import io.soakrig.profile.UrlTarget;
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
    void anIpv4MappedIpv6AddressIsJudgedAsTheIpv4AddressItMaps() {
        assertThat(new TargetPolicy(List.of()).violations(profile("http://[::ffff:10.0.0.1]:8080/"))).singleElement().asString()
                .contains("resolves to 10.0.0.1").contains("not loopback");
        assertThat(new TargetPolicy(List.of()).violations(profile("http://[::ffff:127.0.0.1]:8080/"))).isEmpty();
        assertThat(new TargetPolicy(List.of("::ffff:10.0.0.1")).violations(profile("http://10.0.0.1:8080/")))
                .as("allowed however the address is spelt").isEmpty();
        assertThat(new TargetPolicy(List.of("10.0.0.1")).violations(profile("http://[::ffff:10.0.0.1]:8080/"))).isEmpty();
    }

    @Test
    void theAddressesThatPassedArePinnedForTheRun() throws Exception {
        Profile p = new Profile("p", null, null, Map.of("api", new UrlTarget(URI.create("http://LOCALHOST:8080"),
                new PrometheusMemory(URI.create("http://127.0.0.7:9090/metrics"), "process_resident_memory_bytes", null))),
                null, null, null, null, null, null);

        TargetPolicy.Decision decision = new TargetPolicy(List.of()).check(p);

        assertThat(decision.violations()).isEmpty();
        assertThat(decision.pinned().addresses("localhost")).containsExactly(java.net.InetAddress.getAllByName("localhost"));
        assertThat(decision.pinned().pin(URI.create("http://127.0.0.7:9090/metrics"))).isEqualTo(URI.create("http://127.0.0.7:9090/metrics"));
    }

    @Test
    void aRefusedHostIsNotPinned() {
        TargetPolicy.Decision decision = new TargetPolicy(List.of()).check(profile("http://10.1.2.3:8080"));

        assertThat(decision.pinned().byHost()).isEmpty();
    }

    @Test
    void aMemorySourceOffLoopbackNeedsPermissionToo() {
        Profile p = new Profile("p", null, null, Map.of("api", new UrlTarget(URI.create("http://127.0.0.1:8080"),
                new PrometheusMemory(URI.create("http://10.9.9.9:9090/metrics"), "process_resident_memory_bytes", null))),
                null, null, null, null, null, null);

        assertThat(new TargetPolicy(List.of()).violations(p)).singleElement().asString()
                .startsWith("target api memory source: host '10.9.9.9'");
    }

    @Test
    void stubTargetsNeedNoPermission() {
        Profile p = new Profile("p", null, null, Map.of("s", new io.soakrig.profile.StubTarget(io.soakrig.profile.StubSpec.of(io.soakrig.profile.StubRole.BACKEND))), null, null, null, null, null, null);

        assertThat(new TargetPolicy(List.of()).violations(p)).isEmpty();
    }

    @Test
    void anAdmittedUrlCarriesTheAddressesItWasCheckedAt() throws Exception {
        TargetPolicy.Admission admission = new TargetPolicy(List.of()).admit(URI.create("http://localhost:8081"));

        assertThat(admission).isInstanceOfSatisfying(TargetPolicy.Admission.Admitted.class,
                a -> assertThat(a.addresses()).isNotEmpty().allMatch(java.net.InetAddress::isLoopbackAddress));
    }

    @Test
    void aHostResolversReadDifferentlyIsRefusedForThatReasonNotForNotResolving() {
        assertThat(new TargetPolicy(List.of()).violations(profile("http://0x7f000001:8080/"))).singleElement().asString()
                .isEqualTo("target t0: host '0x7f000001' is a non-canonical IPv4 literal, which resolvers read differently"
                        + " (the C library's inet_aton reads 127.0.0.1, others a host name or nothing); write 127.0.0.1");
    }

    @Test
    void aNameWithATrailingDotThatDoesNotResolveSaysWhatTheDotDoes() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(!resolves("localhost."), "localhost. resolves on this machine");

        assertThat(new TargetPolicy(List.of()).violations(profile("http://localhost.:8080/"))).singleElement().asString()
                .isEqualTo("target t0: host 'localhost.' does not resolve, though 'localhost' does: with its trailing dot it is"
                        + " a fully-qualified name, which this machine's resolver looks up differently; write 'localhost'");
    }

    private static boolean resolves(String host) {
        try {
            java.net.InetAddress.getAllByName(host);
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static Profile profile(String... urls) {
        Map<String, TargetSpec> targets = new java.util.LinkedHashMap<>();
        for (int i = 0; i < urls.length; i++) {
            targets.put("t" + i, new UrlTarget(URI.create(urls[i]), null));
        }
        return new Profile("p", null, null, targets, null, null, null, null, null, null);
    }
}
