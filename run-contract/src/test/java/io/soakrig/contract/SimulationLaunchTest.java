package io.soakrig.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SimulationLaunchTest {
    private final SimulationLaunch launch = new SimulationLaunch(Path.of("/runs/r/profile.yaml"), Path.of("/runs/r"),
            List.of(List.of(URI.create("http://127.0.0.1:8080"), URI.create("http://127.0.0.1:8081")),
                    List.of(URI.create("http://svc.example:9090"))),
            Optional.of(Duration.ofSeconds(90)), Optional.of("immediate-p0.50"), "svc.example=10.0.0.7");

    @Test
    void whatTheHarnessPassesIsWhatTheSimulationReads() {
        assertThat(SimulationLaunch.fromProperties(properties(launch.jvmOptions())::get)).isEqualTo(launch);

        SimulationLaunch plain = new SimulationLaunch(Path.of("p.yaml"), Path.of("r"), List.of(List.of(URI.create("http://127.0.0.1:1"))),
                Optional.empty(), Optional.empty(), null);
        assertThat(SimulationLaunch.fromProperties(properties(plain.jvmOptions())::get)).isEqualTo(plain);
    }

    @Test
    void aUsersSimulationIsWhatGatlingRunsAndWhatTheSimulationReadsBack() {
        SimulationLaunch own = new SimulationLaunch(Path.of("p.yaml"), Path.of("r"), List.of(List.of(URI.create("http://127.0.0.1:1"))),
                Optional.empty(), Optional.empty(), null, "com.acme.CheckoutSimulation", Optional.empty());

        assertThat(own.gatlingArguments()).startsWith("--simulation", "com.acme.CheckoutSimulation");
        assertThat(SimulationLaunch.fromProperties(properties(own.jvmOptions())::get)).isEqualTo(own);
        assertThat(launch.simulation()).isEqualTo(SimulationLaunch.SIMULATION);
    }

    @Test
    void gatlingsOutboundCallsAreOffAndItsFilesStayInTheRunDirectory() {
        assertThat(launch.jvmOptions()).contains("--add-opens=java.base/java.lang=ALL-UNNAMED",
                "-Dgatling.data.enableAnalytics=false", "-Dgatling.http.warmUpUrl=", "-Dhttps.proxyHost=127.0.0.1",
                "-Dhttps.proxyPort=9", "-Djava.util.prefs.userRoot=" + Path.of("/runs/r/prefs"),
                "-Dsoakrig.targetUrls=http://127.0.0.1:8080,http://127.0.0.1:8081;http://svc.example:9090",
                "-Dsoakrig.durationLimitSeconds=90", "-Dsoakrig.cell=immediate-p0.50", "-Dsoakrig.pinnedHosts=svc.example=10.0.0.7");
        assertThat(launch.gatlingArguments()).containsExactly("--simulation", SimulationLaunch.SIMULATION,
                "--results-folder", Path.of("/runs/r/gatling").toString(), "--run-description", "soakrig");
        assertThat(launch.log()).isEqualTo(Path.of("/runs/r/logs/gatling.log"));
    }

    @Test
    void gatlingsOwnFilesCanBeTurnedOffAndTheSimulationReadsThatBack() {
        SimulationLaunch without = new SimulationLaunch(Path.of("p.yaml"), Path.of("r"), List.of(List.of(URI.create("http://127.0.0.1:1"))),
                Optional.empty(), Optional.empty(), null, SimulationLaunch.SIMULATION, Optional.empty(), false);

        assertThat(without.jvmOptions()).contains("-Dgatling.data.writers.0=console");
        assertThat(launch.jvmOptions()).noneMatch(o -> o.startsWith("-Dgatling.data.writers"));
        assertThat(SimulationLaunch.fromProperties(properties(without.jvmOptions())::get)).isEqualTo(without);
        assertThat(launch.gatlingFiles()).isTrue();
    }

    @Test
    void onlyAUsersSimulationRunsUnderTheTargetGuardOnJavasOwnSockets() {
        SimulationLaunch own = new SimulationLaunch(Path.of("p.yaml"), Path.of("r"), List.of(List.of(URI.create("http://127.0.0.1:1"))),
                Optional.empty(), Optional.empty(), null, "com.acme.CheckoutSimulation", Optional.empty());

        assertThat(own.jvmOptions()).contains("-Djava.security.manager=" + SimulationLaunch.TARGET_GUARD,
                "-Dgatling.netty.useNativeTransport=false", "-Dio.netty.transport.noNative=true");
        assertThat(launch.jvmOptions()).noneMatch(o -> o.startsWith("-Djava.security.manager") || o.contains("useNativeTransport"));
    }

    @Test
    void gatlingsHeapIsResidentFromTheStartSoItsRssIsFlatOverASoak() {
        assertThat(launch.jvmOptions()).contains("-Xms256m", "-XX:+AlwaysPreTouch");
    }

    @Test
    void gatlingsCHeapIsTrimmedWhereItsJdkHasTheTrimmerAndItStartsWithoutOnAnOlderOne() {
        assertThat(launch.jvmOptions(Runtime.Version.parse("17.0.9")))
                .containsSubsequence("-XX:+UnlockExperimentalVMOptions", "-XX:TrimNativeHeapInterval=10000");
        assertThat(launch.jvmOptions(Runtime.Version.parse("17.0.8"))).noneMatch(o -> o.contains("TrimNativeHeap"));
    }

    @Test
    void aMissingSettingIsNamed() {
        Map<String, String> props = properties(launch.jvmOptions());
        props.remove(SimulationLaunch.RUN_DIR);

        assertThatThrownBy(() -> SimulationLaunch.fromProperties(props::get)).hasMessageContaining("soakrig.runDir");
    }

    private static Map<String, String> properties(List<String> jvmOptions) {
        Map<String, String> props = new HashMap<>();
        jvmOptions.stream().filter(o -> o.startsWith("-D")).forEach(o -> {
            String[] kv = o.substring(2).split("=", 2);
            props.put(kv[0], kv[1]);
        });
        return props;
    }
}
