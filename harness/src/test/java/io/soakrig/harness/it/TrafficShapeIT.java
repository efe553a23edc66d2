package io.soakrig.harness.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.analysis.verdict.Summary;
import io.soakrig.analysis.verdict.SummaryJson;
import io.soakrig.analysis.verdict.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Arrivals follow the declared shape per region, and a starved generator is caught, not trusted. */
@Tag("integration")
class TrafficShapeIT {
    @TempDir
    Path tmp;

    @Test
    void eachRegionsArrivalsFollowTheDeclaredDay() throws Exception {
        Path profile = Files.writeString(tmp.resolve("day.yaml"), """
                name: day
                timeCompression: 1440
                targets:
                  backend: { stub: { role: backend } }
                traffic:
                  target: backend
                  endpoints: [ { name: items, path: "/items/{user}" } ]
                  arrivals:
                    - diurnal: { trough: 20, peak: 300, period: 24h, peakAt: 20h, duration: 24h }
                  regions:
                    - { name: eu, share: 0.6, utcOffset: 1h }
                    - { name: apac, share: 0.4, utcOffset: 9h }
                """);
        Path run = tmp.resolve("run");

        HarnessProcess soakrig = HarnessProcess.start(tmp, "run", profile.toString(), "--out", run.toString());

        assertThat(soakrig.awaitExit(Duration.ofMinutes(3))).as(soakrig.output()).isZero();
        Map<String, Map<Integer, double[]>> perTenSeconds = arrivalsPerTenSeconds(run);
        assertThat(perTenSeconds).containsOnlyKeys("eu", "apac");
        perTenSeconds.forEach((region, intervals) -> {
            double intendedSoFar = 0;
            double startedSoFar = 0;
            for (Map.Entry<Integer, double[]> interval : intervals.entrySet()) {
                if (interval.getKey() >= 6) {
                    break;
                }
                intendedSoFar += interval.getValue()[0];
                startedSoFar += interval.getValue()[1];
                assertThat(startedSoFar).as("%s, seconds 0-%d: started vs intended %.0f (cumulative, as the generator check counts: "
                                + "an arrival a little late at a ten-second edge starts in the next ten seconds)", region,
                        10 * interval.getKey() + 9, intendedSoFar)
                        .isCloseTo(intendedSoFar, org.assertj.core.data.Percentage.withPercentage(5));
            }
        });
        double euEvening = perTenSeconds.get("eu").get(4)[0];
        double apacEvening = perTenSeconds.get("apac").get(4)[0];
        assertThat(euEvening / 0.6).as("at 16-20h UTC Europe is in its evening, Asia past midnight")
                .isGreaterThan(2 * apacEvening / 0.4);
        Summary summary = SummaryJson.read(run);
        assertThat(summary.generator().saturated()).isFalse();
    }

    /** 200 sessions, started 40 a second for 5 s (the same 200 as 20 a second for 10 s, sooner). */
    @Test
    void sessionsPlayTheirStepsInTheDeclaredProportions() throws Exception {
        Path profile = Files.writeString(tmp.resolve("sessions.yaml"), """
                name: sessions
                targets:
                  backend: { stub: { role: backend } }
                traffic:
                  target: backend
                  endpoints:
                    - { name: login, path: /login }
                    - { name: browse, path: "/browse/{user}" }
                    - { name: stream, path: "/stream/{user}" }
                    - { name: save, method: POST, path: "/playlists/{user}", bodyBytes: 4096 }
                  sessions:
                    - name: listener
                      steps:
                        - { endpoint: login }
                        - { endpoint: browse, repeat: 3, think: 100ms }
                        - { endpoint: stream, think: 200ms }
                        - { endpoint: save }
                  arrivals: [ { constant: { rate: 40, duration: 5s } } ]
                """);
        Path run = tmp.resolve("run");

        HarnessProcess soakrig = HarnessProcess.start(tmp, "run", profile.toString(), "--out", run.toString());

        assertThat(soakrig.awaitExit(Duration.ofMinutes(2))).as(soakrig.output()).isZero();
        Summary summary = SummaryJson.read(run);
        assertThat(summary.endpoints().get("login").requests()).isEqualTo(200);
        assertThat(summary.endpoints().get("browse").requests()).isEqualTo(600);
        assertThat(summary.endpoints().get("stream").requests()).isEqualTo(200);
        assertThat(summary.endpoints().get("save").requests()).isEqualTo(200);
        assertThat(summary.errors()).as("4 KiB request bodies are accepted").isZero();
        assertThat(summary.targets().get("backend").requestsServed()).isEqualTo(1200);
    }

    /**
     * The plan is 20 s: the generator is stopped once five seconds are logged (about 5 s into the
     * traffic, later when starved) for 3 s, and the progress line that says so comes every 5 s
     * from the Gatling JVM's launch, a few seconds before its traffic: the stalled seconds are
     * logged at the continue, about 9-12 s into the traffic, and at least one more line (15 s and
     * 20 s after the launch, the plan ends about 24 s after it) comes while the run still goes.
     */
    @Test
    void aStarvedGeneratorIsCaughtAndItsLatencyNotJudged() throws Exception {
        Path profile = Files.writeString(tmp.resolve("steady.yaml"), """
                name: steady
                targets:
                  backend: { stub: { role: backend } }
                traffic:
                  target: backend
                  endpoints: [ { name: items, path: /items } ]
                  arrivals: [ { constant: { rate: 200, duration: 20s } } ]
                gates:
                  p99LatencyMs: 100
                """);
        Path run = tmp.resolve("run");
        HarnessProcess soakrig = HarnessProcess.start(tmp, "run", profile.toString(), "--out", run.toString());
        HarnessProcess.await(Duration.ofMinutes(1), "traffic to start", () -> lines(run.resolve("arrivals.csv")) > 5);

        ProcessHandle gatling = soakrig.process.toHandle().descendants()
                .filter(p -> commandLine(p).contains("io.gatling.app.Gatling")).findFirst().orElseThrow();
        signal("STOP", gatling);
        Thread.sleep(3000);
        signal("CONT", gatling);

        assertThat(soakrig.awaitExit(Duration.ofMinutes(2))).as(soakrig.output()).isEqualTo(3);
        Summary summary = SummaryJson.read(run);
        assertThat(summary.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(summary.generator().saturated()).isTrue();
        assertThat(summary.generator().behindSeconds()).isGreaterThanOrEqualTo(2);
        assertThat(summary.reasons()).anyMatch(r -> r.startsWith("the load generator fell behind its schedule"))
                .anyMatch(r -> r.contains("not judged against gate"));
        assertThat(Files.readString(soakrig.stderr)).as("said while running").contains("GENERATOR BEHIND its schedule");
    }

    private static void signal(String signal, ProcessHandle process) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor()).isZero();
    }

    /** The process's command line from /proc (ProcessHandle.Info leaves long ones out). */
    private static String commandLine(ProcessHandle p) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline")).replace('\0', ' ');
        } catch (java.io.IOException gone) {
            return "";
        }
    }

    private static long lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    /** Per region and ten-second interval: {intended, started}. */
    private static Map<String, Map<Integer, double[]>> arrivalsPerTenSeconds(Path run) throws Exception {
        List<String[]> rows = Files.readAllLines(run.resolve("arrivals.csv")).stream().skip(1).map(l -> l.split(",")).toList();
        return rows.stream().collect(Collectors.groupingBy(r -> r[1], TreeMap::new, Collectors.toMap(
                r -> Integer.parseInt(r[0]) / 10,
                r -> new double[] {Double.parseDouble(r[2]), Double.parseDouble(r[3])},
                (a, b) -> new double[] {a[0] + b[0], a[1] + b[1]}, TreeMap::new)));
    }
}
