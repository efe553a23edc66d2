package io.soakrig.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileLoaderTest {
    private static final String VALID = """
            name: demo
            targets:
              backend:
                stub:
                  role: backend
            traffic:
              target: backend
              endpoints:
                - name: items
                  path: /items
              arrivals:
                - ramp: { from: 1, to: 10, duration: 2s }
                - constant: { rate: 10, duration: 1m }
            gates:
              p99LatencyMs: 50
              errorRate: 0.01
            """;

    @TempDir
    Path dir;

    private final ProfileLoader loader = new ProfileLoader();

    @Test
    void bundledSmokeProfileIsValid() throws Exception {
        Profile smoke = loader.load(Path.of("smoke.yaml"));

        assertThat(smoke.name()).isEqualTo("smoke");
        assertThat(smoke.targets().get(smoke.trafficTargets().get(0)).stub().role()).isEqualTo(StubRole.BACKEND);
        assertThat(smoke.plannedDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(smoke.gates().p99LatencyMs()).isPositive();
    }

    @Test
    void bundledLeakCascadeProfileIsValidAndStartsUpstreamsFirst() throws Exception {
        Profile cascade = loader.load(Path.of("leak-cascade.yaml"));

        assertThat(cascade.targets().get("recommendation").stub().leaks()).isTrue();
        assertThat(cascade.stubStartOrder()).containsExactly("metadata-db", "auth", "stream", "recommendation", "perimeter");
        assertThat(cascade.targets().get("perimeter").stub().perimeter().filters()).containsExactly(HttpFilter.RATE_LIMIT, HttpFilter.FAULT);
    }

    @Test
    void upstreamCyclesAreRefused() throws Exception {
        Path file = write("cycle.yaml", """
                name: cycle
                targets:
                  a:
                    stub: { role: backend, upstreams: [b] }
                  b:
                    stub: { role: backend, upstreams: [a] }
                traffic:
                  target: a
                  endpoints: [ { name: x, path: /x } ]
                  arrivals: [ { constant: { rate: 1, duration: 1s } } ]
                """);

        ProfileException e = catchThrowableOfType(ProfileException.class, () -> loader.load(file));

        assertThat(e.problems()).extracting(ProfileProblem::message).anyMatch(m -> m.startsWith("upstreams form a cycle: a -> b -> a"));
    }

    @Test
    void aStreamWithoutAuthUpstreamIsRefused() throws Exception {
        Path file = write("stream.yaml", """
                name: s
                targets:
                  stream:
                    stub: { role: stream }
                traffic:
                  target: stream
                  endpoints: [ { name: x, path: /x } ]
                  arrivals: [ { constant: { rate: 1, duration: 1s } } ]
                """);

        ProfileProblem problem = onlyProblem(file);

        assertThat(problem.key()).isEqualTo("targets.stream.stub.upstreams");
        assertThat(problem.message()).contains("needs an upstream whose role is auth");
        assertThat(problem.line()).isEqualTo(4);
    }

    @Test
    void bundledSessionStoreProfileStartsRedisWithItsMaxmemoryAndAuthKeepsSessionsThere() throws Exception {
        Profile p = loader.load(Path.of("session-store-leak.yaml"));

        RedisSpec redis = p.targets().get("sessions").redis();
        assertThat(redis.maxmemoryBytes()).isEqualTo(64L << 20);
        assertThat(redis.maxmemoryPolicy()).isEqualTo(RedisSpec.EvictionPolicy.NOEVICTION);
        assertThat(p.targets().get("sessions").isRedis()).isTrue();
        assertThat(p.targets().get("user").stub().sessionsLeak()).isTrue();
        assertThat(p.stubStartOrder()).containsExactly("user", "stream", "perimeter");
    }

    @Test
    void redisTargetsAreValidatedWithTheirKeys() throws Exception {
        Path file = write("redis.yaml", """
                name: r
                targets:
                  sessions:
                    redis: { maxmemoryPolicy: allkeys-lru, port: 70000 }
                  attached:
                    url: redis://127.1:6379
                  stream:
                    stub: { role: stream, upstreams: [sessions] }
                traffic:
                  target: sessions
                  endpoints: [ { name: x, path: /x } ]
                  arrivals: [ { constant: { rate: 1, duration: 1s } } ]
                """);

        ProfileException e = catchThrowableOfType(ProfileException.class, () -> loader.load(file));

        assertThat(e.problems()).extracting(ProfileProblem::key).contains("targets.sessions.redis.maxmemoryMb",
                "targets.sessions.redis.port", "targets.attached.url", "targets.stream.stub.upstreams[0]", "traffic.target");
        assertThat(e.problems()).extracting(ProfileProblem::message)
                .anyMatch(m -> m.startsWith("a Redis is the session store of an auth stub"))
                .anyMatch(m -> m.startsWith("a Redis target receives no HTTP traffic"));
    }

    @Test
    void anUnknownEvictionPolicyListsRedisOwn() throws Exception {
        Path file = write("policy.yaml", VALID.replace("  backend:\n    stub:\n      role: backend\n",
                "  backend:\n    stub:\n      role: backend\n  sessions:\n    redis: { maxmemoryMb: 8, maxmemoryPolicy: lru }\n"));

        assertThat(onlyProblem(file).message()).contains("unknown maxmemory-policy 'lru'").contains("allkeys-lru");
    }

    @Test
    void leakDetectionSettingsAreValidated() throws Exception {
        Path file = write("leak.yaml", VALID + "leakDetection:\n  falseAlarmRate: 0.7\n");

        ProfileProblem problem = onlyProblem(file);

        assertThat(problem.key()).isEqualTo("leakDetection.falseAlarmRate");
        assertThat(problem.line()).isEqualTo(18);
    }

    @Test
    void validProfileBindsWithDefaults() throws Exception {
        Profile p = loader.load(write("ok.yaml", VALID));

        assertThat(p.traffic().endpoints().get(0).method()).isEqualTo(RequestMethod.GET);
        assertThat(p.traffic().endpoints().get(0).weight()).isEqualTo(1);
        assertThat(p.targets().get("backend").stub().heapMb()).isEqualTo(StubSpec.DEFAULT_HEAP_MB);
        assertThat(p.plannedDuration()).isEqualTo(Duration.ofSeconds(62));
    }

    @Test
    void requestTimeoutDefaultsToTenSecondsAndIsValidatedWithItsKeyAndLine() throws Exception {
        assertThat(loader.load(write("default.yaml", VALID)).traffic().requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        String withTimeout = VALID.replace("  target: backend\n", "  target: backend\n  requestTimeout: %s\n");
        assertThat(loader.load(write("set.yaml", withTimeout.formatted("2500ms"))).traffic().requestTimeout())
                .isEqualTo(Duration.ofMillis(2500));

        for (String bad : List.of("0s", "-1s", "6m", "0.5ms")) {
            ProfileProblem problem = onlyProblem(write("bad.yaml", withTimeout.formatted(bad)));
            assertThat(problem.key()).as(bad).isEqualTo("traffic.requestTimeout");
            assertThat(problem.line()).as(bad).isEqualTo(8);
            assertThat(problem.message()).as(bad).contains("between 1ms and 5m");
        }
        ProfileProblem unitless = onlyProblem(write("unitless.yaml", withTimeout.formatted("10")));
        assertThat(unitless.key()).isEqualTo("traffic.requestTimeout");
        assertThat(unitless.message()).contains("duration");
    }

    @Test
    void aHangRateIsAShareOfRequests() throws Exception {
        String hanging = VALID.replace("      role: backend\n", "      role: backend\n      faults: { hangRate: %s }\n");
        assertThat(loader.load(write("hang.yaml", hanging.formatted("0.1"))).targets().get("backend").stub().faults().hangRate())
                .isEqualTo(0.1);

        ProfileProblem problem = onlyProblem(write("hang-bad.yaml", hanging.formatted("1.5")));

        assertThat(problem.key()).isEqualTo("targets.backend.stub.faults.hangRate");
        assertThat(problem.message()).contains("share between 0 and 1");
    }

    @Test
    void badYamlNamesFileAndLine() throws Exception {
        Path file = write("broken.yaml", VALID.replace("    - name: items", "    - name: [items"));

        ProfileProblem problem = onlyProblem(file);

        assertThat(problem.file()).endsWith("broken.yaml");
        assertThat(problem.line()).isBetween(9, 11);
        assertThat(problem.toString()).startsWith(file + ":" + problem.line() + ": ");
    }

    @Test
    void unknownKeyNamesFileLineAndKey() throws Exception {
        Path file = write("typo.yaml", VALID.replace("  errorRate: 0.01", "  errorRat: 0.01"));

        ProfileProblem problem = onlyProblem(file);

        assertThat(problem.line()).isEqualTo(16);
        assertThat(problem.key()).isEqualTo("gates.errorRat");
        assertThat(problem.toString()).contains("typo.yaml:16: gates.errorRat: ").contains("Unrecognized field");
    }

    @Test
    void negativeRateNamesFileLineAndKey() throws Exception {
        Path file = write("negative.yaml", VALID.replace("rate: 10,", "rate: -5,"));

        ProfileProblem problem = onlyProblem(file);

        assertThat(problem.line()).isEqualTo(13);
        assertThat(problem.key()).isEqualTo("traffic.arrivals[1].constant.rate");
        assertThat(problem.message()).contains("> 0").contains("-5");
    }

    @Test
    void zeroDurationNamesFileLineAndKey() throws Exception {
        Path file = write("zero.yaml", VALID.replace("duration: 1m", "duration: 0s"));

        ProfileProblem problem = onlyProblem(file);

        assertThat(problem.line()).isEqualTo(13);
        assertThat(problem.key()).isEqualTo("traffic.arrivals[1].constant.duration");
        assertThat(problem.message()).contains("longer than zero");
    }

    @Test
    void unitlessDurationIsRefusedWithItsKey() throws Exception {
        Path file = write("unitless.yaml", VALID.replace("duration: 2s", "duration: 2"));

        ProfileProblem problem = onlyProblem(file);

        assertThat(problem.line()).isEqualTo(12);
        assertThat(problem.key()).isEqualTo("traffic.arrivals[0].ramp.duration");
    }

    @Test
    void missingRequiredKeyPointsAtItsParent() throws Exception {
        Path file = write("nopath.yaml", VALID.replace("      path: /items\n", ""));

        ProfileProblem problem = onlyProblem(file);

        assertThat(problem.key()).isEqualTo("traffic.endpoints[0].path");
        assertThat(problem.line()).isEqualTo(9);
        assertThat(problem.message()).isEqualTo("is required");
    }

    @Test
    void everyViolationIsReportedAtOnce() throws Exception {
        Path file = write("many.yaml", VALID.replace("rate: 10,", "rate: -5,").replace("p99LatencyMs: 50", "p99LatencyMs: 0"));

        ProfileException e = catchThrowableOfType(ProfileException.class, () -> loader.load(file));

        assertThat(e.problems()).extracting(ProfileProblem::key)
                .containsExactly("traffic.arrivals[1].constant.rate", "gates.p99LatencyMs");
    }

    @Test
    void trafficToUndeclaredTargetIsRefused() throws Exception {
        Path file = write("target.yaml", VALID.replace("target: backend", "target: nowhere"));

        ProfileProblem problem = onlyProblem(file);

        assertThat(problem.key()).isEqualTo("traffic.target");
        assertThat(problem.line()).isEqualTo(7);
    }

    @Test
    void rateAsStringIsRefused() throws Exception {
        Path file = write("string.yaml", VALID.replace("rate: 10,", "rate: \"10\","));

        ProfileProblem problem = onlyProblem(file);

        assertThat(problem.key()).isEqualTo("traffic.arrivals[1].constant.rate");
        assertThat(problem.line()).isEqualTo(13);
    }

    @Test
    void duplicateKeyIsRefused() throws Exception {
        Path file = write("dup.yaml", VALID.replace("  errorRate: 0.01", "  errorRate: 0.01\n  errorRate: 0.5"));

        ProfileProblem problem = onlyProblem(file);

        assertThat(problem.line()).isEqualTo(17);
        assertThat(problem.message()).contains("Duplicate field 'errorRate'");
    }

    @Test
    void missingFileIsNamed() {
        Path file = dir.resolve("absent.yaml");

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(ProfileException.class)
                .hasMessage(file + ": no such profile file");
    }

    @Test
    void emptyFileIsRefused() throws Exception {
        ProfileProblem problem = onlyProblem(write("empty.yaml", ""));

        assertThat(problem.message()).isEqualTo("the profile is empty");
    }

    @Test
    void truncationCutsTheStraddlingStepAndKeepsTheRampSlope() throws Exception {
        Profile p = loader.load(write("ok.yaml", VALID));

        Profile one = p.truncatedTo(Duration.ofSeconds(1));
        Profile twelve = p.truncatedTo(Duration.ofSeconds(12));

        assertThat(one.traffic().arrivals()).hasSize(1);
        assertThat(((Ramp) one.traffic().arrivals().get(0)).to()).isEqualTo(5.5);
        assertThat(twelve.plannedDuration()).isEqualTo(Duration.ofSeconds(12));
        assertThat(((Constant) twelve.traffic().arrivals().get(1)).rate()).isEqualTo(10.0);
        assertThat(p.truncatedTo(Duration.ofHours(1))).isEqualTo(p);
    }

    @Test
    void bundledCanaryGateProfileFeedsBothArmsAndCompressesItsWindow() throws Exception {
        Profile p = loader.load(Path.of("canary-gate.yaml"));

        assertThat(p.trafficTargets()).containsExactly("baseline", "canary");
        assertThat(p.targets().get("baseline").stub().version().id()).isEqualTo("v3.2.0");
        assertThat(p.targets().get("canary").stub().version().id()).isEqualTo("v3.2.1");
        assertThat(p.plannedProfileDuration()).isEqualTo(Duration.ofHours(2));
        assertThat(p.plannedDuration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(p.canary().significance()).isEqualTo(0.01);
    }

    @Test
    void timeCompressionScalesTheScheduleOnceAndTheCutIsInWallTime() throws Exception {
        Profile p = loader.load(write("fast.yaml", "timeCompression: 60\n" + VALID));

        assertThat(p.plannedProfileDuration()).isEqualTo(Duration.ofSeconds(62));
        ArrivalPlan plan = p.arrivalPlans().get(0);
        assertThat(plan.segments()).extracting(ArrivalPlan.Segment::duration)
                .as("played in whole seconds: the 33 ms ramp lasts one").containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(plan.segments().get(1).fromRate()).as("rates stay per wall-clock second").isEqualTo(10.0);
        Profile cut = p.truncatedTo(Duration.ofMillis(500));
        assertThat(cut.plannedProfileDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(cut.plannedDuration()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aCanaryProfileSendsNoTrafficTargetOfItsOwn() throws Exception {
        Path file = write("canary.yaml", VALID + "canary: { baseline: backend, canary: backend2 }\n");

        ProfileException e = catchThrowableOfType(ProfileException.class, () -> loader.load(file));

        assertThat(e.problems()).extracting(ProfileProblem::key, ProfileProblem::line).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("traffic.target", 7),
                org.assertj.core.groups.Tuple.tuple("canary.canary", 17));
        assertThat(e.problems()).extracting(ProfileProblem::message)
                .anyMatch(m -> m.contains("remove traffic.target"))
                .anyMatch(m -> m.startsWith("names no target"));
    }

    @Test
    void aCanaryComparedWithItselfIsRefused() throws Exception {
        Path file = write("self.yaml", VALID.replace("  target: backend\n", "")
                + "canary: { baseline: backend, canary: backend, latencyTolerance: -1 }\n");

        ProfileException e = catchThrowableOfType(ProfileException.class, () -> loader.load(file));

        assertThat(e.problems()).extracting(ProfileProblem::key)
                .containsExactlyInAnyOrder("canary.canary", "canary.latencyTolerance");
    }

    @Test
    void bundledRetryStormProfileIsAMatrixOfPoliciesAndFailureLevels() throws Exception {
        Profile p = loader.load(Path.of("retry-storm.yaml"));

        assertThat(p.experiment().cells()).hasSize(16);
        assertThat(p.experiment().cells().get(0).id()).isEqualTo("none-p0.00");
        assertThat(p.experiment().retry().get("token-bucket").tokenBucket().maxTokens()).isEqualTo(10);
    }

    @Test
    void retryPoliciesRegionsAndDiurnalStepsAreValidatedWithTheirKeys() throws Exception {
        Path file = write("bad-traffic.yaml", VALID
                .replace("- constant: { rate: 10, duration: 1m }", "- diurnal: { trough: 50, peak: 10, peakAt: 25h, duration: 1h }")
                .replace("  target: backend\n", "  target: backend\n  retry: { policy: sometimes, budget: 2 }\n"
                        + "  regions: [ { name: eu, share: 0.5 }, { name: us, share: 0.6, utcOffset: -15h } ]\n"));

        ProfileException e = catchThrowableOfType(ProfileException.class, () -> loader.load(file));

        assertThat(e.problems()).extracting(ProfileProblem::key).containsExactlyInAnyOrder(
                "traffic.retry.policy", "traffic.retry.budget", "traffic.regions", "traffic.regions[1].utcOffset",
                "traffic.arrivals[1].diurnal.trough", "traffic.arrivals[1].diurnal.peakAt");
    }

    @Test
    void bundledNightlySoakProfilePlaysSessionsOverADay() throws Exception {
        Profile p = loader.load(Path.of("nightly-soak.yaml"));

        assertThat(p.plannedDuration()).isEqualTo(Duration.ofMinutes(20));
        assertThat(p.arrivalPlans()).extracting(ArrivalPlan::population).containsExactly("eu", "us", "apac");
        assertThat(p.traffic().sessions()).extracting(SessionSpec::name).containsExactly("listener", "browser", "skipper");
    }

    @Test
    void aSessionStepMustNameADeclaredEndpoint() throws Exception {
        Path file = write("session.yaml", VALID.replace("  arrivals:\n", "  sessions:\n    - name: s\n      steps: [ { endpoint: nowhere, repeat: 0 } ]\n  arrivals:\n"));

        ProfileException e = catchThrowableOfType(ProfileException.class, () -> loader.load(file));

        assertThat(e.problems()).extracting(ProfileProblem::key)
                .containsExactlyInAnyOrder("traffic.sessions[0].steps[0].endpoint", "traffic.sessions[0].steps[0].repeat");
    }

    @Test
    void bundledDeathLoopMatrixCrossesMemoryRetryAndInstancesWithAnIncidentInEachCell() throws Exception {
        Profile p = loader.load(Path.of("death-loop-matrix.yaml"));

        assertThat(p.experiment().cells()).hasSize(18);
        assertThat(p.experiment().cells().get(0).id()).isEqualTo("misaligned-immediate-x1");
        assertThat(p.experiment().cells().get(17).id()).isEqualTo("aligned-token-bucket-x4");
        assertThat(p.experiment().changesStubs()).isTrue();
        assertThat(p.incident().filters()).startsWith(HttpFilter.USER_TIER);

        Profile cell = p.forCell(p.experiment().cells().get(17));
        StubSpec perimeter = cell.targets().get("perimeter").stub();
        assertThat(perimeter.instances()).isEqualTo(4);
        assertThat(perimeter.perimeter().overload().maxHeapSizeBytes() >> 20).as("aligned: below the limit")
                .isLessThan((long) perimeter.memoryLimitMb());
        assertThat(p.forCell(p.experiment().cells().get(0)).targets().get("perimeter").stub().perimeter().overload().maxHeapSizeBytes() >> 20)
                .as("misaligned: above it").isGreaterThan((long) perimeter.memoryLimitMb());
        assertThat(p.withCells(java.util.List.of("aligned-immediate-x2")).experiment().cells())
                .extracting(ExperimentSpec.Cell::id).containsExactly("aligned-immediate-x2");
    }

    @Test
    void bundledSessionStoreMatrixAppliesEachCandidateFixToItsOwnTarget() throws Exception {
        Profile p = loader.load(Path.of("session-store-matrix.yaml"));

        assertThat(p.experiment().matrix()).extracting(ExperimentSpec.Cell::id).containsExactly(
                "as-is-immediate", "as-is-retry-budget", "more-memory-immediate", "more-memory-retry-budget",
                "ttl-immediate", "ttl-retry-budget", "allkeys-lru-immediate", "allkeys-lru-retry-budget");
        List<ExperimentSpec.Cell> cells = p.experiment().cells();
        assertThat(cells).as("in matrix order").extracting(ExperimentSpec.Cell::id).containsExactly(
                "as-is-immediate", "as-is-retry-budget", "more-memory-immediate", "ttl-immediate", "allkeys-lru-immediate");
        assertThat(p.experiment().changesStubs()).as("each cell on targets of its own").isTrue();
        assertThat(p.experiment().cell().toSeconds() * cells.size()).as("five minutes at most of traffic").isLessThanOrEqualTo(300);

        Profile asIs = p.forCell(cells.get(0));
        assertThat(asIs.targets()).isEqualTo(p.targets());
        assertThat(cells.get(1).retry()).isEqualTo("retry-budget");
        assertThat(p.experiment().retry().get("retry-budget").tokenBucket().maxTokens()).isEqualTo(10);
        assertThat(p.forCell(cells.get(1)).targets()).isEqualTo(p.targets());
        RedisSpec more = p.forCell(cells.get(2)).targets().get("sessions").redis();
        assertThat(more.maxmemoryMb()).isEqualTo(4 * p.targets().get("sessions").redis().maxmemoryMb());
        assertThat(more.maxmemoryPolicy()).isEqualTo(RedisSpec.EvictionPolicy.NOEVICTION);
        Profile ttl = p.forCell(cells.get(3));
        assertThat(ttl.targets().get("user").stub().sessionsLeak()).as("v3.2.0 gives sessions a TTL").isFalse();
        assertThat(p.targets().get("user").stub().sessionsLeak()).isTrue();
        assertThat(ttl.targets().get("sessions")).isEqualTo(p.targets().get("sessions"));
        assertThat(p.forCell(cells.get(4)).targets().get("sessions").redis().maxmemoryPolicy()).isEqualTo(RedisSpec.EvictionPolicy.ALLKEYS_LRU);
    }

    @Test
    void aVariantChangesOnlyWhatItsTargetHas() throws Exception {
        Path file = write("variants.yaml", VALID + "experiment:\n  cell: 10s\n"
                + "  retry: { none: { policy: none } }\n"
                + "  variants:\n    bigger: { backend: { maxmemoryMb: 64, version: v3.2.1 }, nowhere: { version: v3.2.0 } }\n");

        ProfileException e = catchThrowableOfType(ProfileException.class, () -> loader.load(file));

        assertThat(e.problems()).extracting(ProfileProblem::key, ProfileProblem::message).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("experiment.variants.bigger.backend.maxmemoryMb",
                        "only a started Redis (redis:) has a maxmemory; backend is not one"),
                org.assertj.core.groups.Tuple.tuple("experiment.variants.bigger.nowhere",
                        "names no target; declared targets are [backend]"));
    }

    @Test
    void bundledDeathLoopSendsEachRegionToItsOwnPerimeter() throws Exception {
        Profile p = loader.load(Path.of("death-loop.yaml"));

        assertThat(p.trafficTargets()).contains("perimeter-eu", "perimeter-us", "perimeter-apac");
        assertThat(p.targetOf("apac")).isEqualTo("perimeter-apac");
        assertThat(p.incident().targets()).containsExactly("perimeter-eu", "perimeter-us", "perimeter-apac");
    }

    @Test
    void bundledContainerDeathLoopRunsThePerimeterStubImageWithItsHeapAboveTheContainerLimit() throws Exception {
        Profile p = loader.load(Path.of("container-death-loop.yaml"));

        ContainerSpec perimeter = p.targets().get("perimeter").container();
        assertThat(perimeter.adminPort()).isEqualTo(9090);
        assertThat(p.incident().targets()).containsExactly("perimeter");
        long limit = perimeter.memoryLimitMb() * 1024L * 1024L;
        assertThat(perimeter.env().get("JDK_JAVA_OPTIONS")).isEqualTo("-Xmx384m");
        assertThat(384L << 20).as("the JVM heap cap").isGreaterThan(limit);
        StubLaunch launch = StubLaunch.parse(perimeter.env().get("SOAKRIG_STUB_LAUNCH"));
        assertThat(launch.spec().role()).isEqualTo(StubRole.PERIMETER);
        assertThat(launch.port()).isEqualTo(perimeter.port());
        assertThat(launch.adminPort()).isEqualTo(perimeter.adminPort());
        assertThat(launch.spec().perimeter().overload().maxHeapSizeBytes()).as("max_heap_size_bytes").isGreaterThan(limit);
        assertThat(launch.upstreams().get(StubRole.AUTH)).containsExactly("http://auth:8080");
        assertThat(launch.clusters().get("tracks")).containsExactly("http://tracks:8080");
        for (String upstream : List.of("auth", "tracks")) {
            StubLaunch backend = StubLaunch.parse(p.targets().get(upstream).container().env().get("SOAKRIG_STUB_LAUNCH"));
            assertThat(backend.port()).as(upstream).isEqualTo(p.targets().get(upstream).container().port());
        }
    }

    @Test
    void incidentsExperimentDimensionsAndRegionTargetsAreValidatedWithTheirKeys() throws Exception {
        Path file = write("bad-incident.yaml", VALID
                .replace("  target: backend\n", "  target: backend\n  regions: [ { name: eu, share: 1, target: nowhere } ]\n")
                + """
                incident:
                  at: 2h
                  filters: [user-tier, user-tier, waf]
                  targets: [backend]
                experiment:
                  cell: 10s
                  retry: { naive: { policy: constant, maxRetries: 50, base: 1s } }
                  memory: { tight: { maxHeapSizeBytes: 1000 } }
                  instances: [0]
                  only: [tight-naive-x9]
                """);

        ProfileException e = catchThrowableOfType(ProfileException.class, () -> loader.load(file));

        assertThat(e.problems()).extracting(ProfileProblem::key).containsExactlyInAnyOrder(
                "traffic.regions[0].target", "incident.at", "incident.filters[1]", "incident.filters[2]", "incident.targets[0]",
                "experiment.target", "experiment.instances[0]", "experiment.only[0]");
    }

    @Test
    void faultsOutsideTheirRangesAreRefusedWithTheirKeys() throws Exception {
        Path file = write("faults.yaml", VALID.replace("role: backend\n",
                "role: backend\n      faults: { errorRate: 2, resetRate: -1, errorStatus: 404, leakBytes: 20000000, stallEvery: 1s, stallFor: 2s }\n"));

        ProfileException e = catchThrowableOfType(ProfileException.class, () -> loader.load(file));

        assertThat(e.problems()).extracting(ProfileProblem::key, ProfileProblem::message).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("targets.backend.stub.faults.errorRate", "must be a share between 0 and 1, was 2.0"),
                org.assertj.core.groups.Tuple.tuple("targets.backend.stub.faults.resetRate", "must be a share between 0 and 1, was -1.0"),
                org.assertj.core.groups.Tuple.tuple("targets.backend.stub.faults.errorStatus", "must be between 500 and 599, was 404"),
                org.assertj.core.groups.Tuple.tuple("targets.backend.stub.faults.leakBytes", "must be between 0 and 10485760, was 20000000"),
                org.assertj.core.groups.Tuple.tuple("targets.backend.stub.faults.stallFor", "must be shorter than stallEvery"));
        assertThat(e.problems()).extracting(ProfileProblem::line).containsOnly(6);
    }

    @Test
    void aTargetWhoseHostResolversReadDifferentlyIsRefusedSayingWhy() throws Exception {
        Path file = write("literal.yaml", VALID.replace("    stub:\n      role: backend\n", "    url: http://127.1:8080\n"));

        ProfileProblem problem = onlyProblem(file);

        assertThat(problem.toString()).endsWith(":4: targets.backend.url: host '127.1' is a non-canonical IPv4 literal, which resolvers"
                + " read differently (the C library's inet_aton reads 127.0.0.1, others a host name or nothing); write 127.0.0.1");
    }

    /** The recommendation v3.2.1 leak is seed 000, March 2022; October 2022 (seed 001) was a Redis session-store leak. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"leak-cascade.yaml", "canary-gate.yaml"})
    void bundledProfilesOfTheRecommendationLeakNameItsOutage(String bundled) throws Exception {
        String text = Files.readString(Path.of(bundled));

        assertThat(text.lines().findFirst().orElseThrow()).contains("March 2022");
        assertThat(text).doesNotContain("October 2022");
    }

    /** Strict YAML: an integer setting written as a fraction or in exponent notation is refused, never truncated. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "role: backend|role: backend\\n      heapMb: 128.5|6|targets.backend.stub.heapMb|128.5",
        "role: backend|role: backend\\n      instances: 1.9|6|targets.backend.stub.instances|1.9",
        "role: backend|role: backend\\n      payloadBytes: 1e3|6|targets.backend.stub.payloadBytes|1e3",
        "role: backend|role: backend\\n      heapMb: 128.0|6|targets.backend.stub.heapMb|128.0",
        "path: /items|path: /items\\n      weight: 1.7|11|traffic.endpoints[0].weight|1.7",
    })
    void anIntegerWrittenAsAFractionIsAnErrorNamingFileLineAndKey(String setting, String written, int line, String key, String value)
            throws Exception {
        Path file = write("fraction.yaml", VALID.replace(setting + "\n", written.replace("\\n", "\n") + "\n"));

        ProfileProblem problem = onlyProblem(file);

        assertThat(problem.line()).isEqualTo(line);
        assertThat(problem.key()).isEqualTo(key);
        assertThat(problem.message()).isEqualTo("must be a whole number, was " + value);
        assertThat(problem.toString()).startsWith(file + ":" + line + ": " + key + ": ");
    }

    @Test
    void experimentInstancesAndLongSettingsAreWholeNumbersToo() throws Exception {
        Path instances = write("instances.yaml", VALID + "experiment:\n  cell: 10s\n  target: backend\n"
                + "  retry: { none: { policy: none } }\n  instances: [1, 1.9]\n");
        Path maxHeap = write("max-heap.yaml", VALID + "experiment:\n  cell: 10s\n  target: backend\n"
                + "  retry: { none: { policy: none } }\n  memory: { big: { maxHeapSizeBytes: 5.5e8 } }\n");

        assertThat(onlyProblem(instances).toString()).endsWith(":21: experiment.instances[1]: must be a whole number, was 1.9");
        assertThat(onlyProblem(maxHeap).toString()).endsWith(":21: experiment.memory.big.maxHeapSizeBytes: must be a whole number, was 5.5e8");
    }

    @Test
    void aContainerTargetBindsWithTheKubernetesRestartPolicy() throws Exception {
        Path file = write("container.yaml", VALID.replace("""
                    stub:
                      role: backend
                """, """
                    container:
                      image: localhost/shop:1.4
                      port: 8080
                      memoryLimitMb: 256
                      cpus: 0.5
                      env: { JAVA_OPTS: -Xmx384m }
                      command: [serve, --port, "8080"]
                      health: { http: /health }
                      metric: { path: /metrics, metric: jvm_memory_used_bytes }
                """));

        Profile profile = loader.load(file);

        ContainerSpec c = profile.targets().get("backend").container();
        assertThat(profile.targets().get("backend").isContainer()).isTrue();
        assertThat(c.image()).isEqualTo("localhost/shop:1.4");
        assertThat(c.env()).containsEntry("JAVA_OPTS", "-Xmx384m");
        assertThat(c.command()).containsExactly("serve", "--port", "8080");
        assertThat(c.restart()).isEqualTo(RestartSpec.KUBERNETES);
        assertThat(c.health()).isEqualTo(new ContainerSpec.HealthSpec.Http("/health"));
        assertThat(profile.stubStartOrder()).as("a container is no stub").isEmpty();
    }

    @Test
    void aHealthWaitIsAnHttpPathOrALogLineNeverBothNorNeither() throws Exception {
        String container = """
                    container:
                      image: localhost/shop:1.4
                      port: 8080
                      health: %s
                """;
        Path log = write("log.yaml", VALID.replace("""
                    stub:
                      role: backend
                """, container.formatted("{ log: \"Started .*\" }")));
        assertThat(loader.load(log).targets().get("backend").container().health()).isEqualTo(new ContainerSpec.HealthSpec.Log("Started .*"));

        for (String bad : List.of("{ http: /health, log: started }", "{ }")) {
            ProfileProblem problem = onlyProblem(write("bad.yaml", VALID.replace("""
                        stub:
                          role: backend
                    """, container.formatted(bad))));
            assertThat(problem.key()).as(bad).isEqualTo("targets.backend.container.health");
            assertThat(problem.message()).as(bad)
                    .isEqualTo("give exactly one of 'http' (a path answering 2xx) or 'log' (a line the container prints)");
        }
        ProfileProblem regex = onlyProblem(write("regex.yaml", VALID.replace("""
                    stub:
                      role: backend
                """, container.formatted("{ log: \"Started (\" }"))));
        assertThat(regex.key()).isEqualTo("targets.backend.container.health.log");
        assertThat(regex.message()).startsWith("is not a regular expression: ");
    }

    @Test
    void aContainerTargetsMistakesAreNamedByKey() throws Exception {
        Path file = write("container.yaml", VALID.replace("""
                    stub:
                      role: backend
                """, """
                    container:
                      port: 70000
                      memoryLimitMb: 2
                      health: { http: health, log: started }
                """));

        ProfileException e = catchThrowableOfType(ProfileException.class, () -> loader.load(file));

        assertThat(e.problems()).extracting(ProfileProblem::key).containsExactlyInAnyOrder("targets.backend.container.image",
                "targets.backend.container.port", "targets.backend.container.memoryLimitMb", "targets.backend.container.health");
    }

    @Test
    void aTargetIsOneOfStubUrlOrContainer() throws Exception {
        Path file = write("both.yaml", VALID.replace("""
                      role: backend
                """, """
                      role: backend
                    container: { image: shop, port: 8080 }
                """));

        assertThat(onlyProblem(file).message()).contains("exactly one of 'stub'").contains("'container' (run your image)");
    }

    @Test
    void unknownWordsAndAlternativesAreReportedWithEveryOtherProblemInFileOrder() throws Exception {
        Path file = write("words.yaml", VALID
                .replace("      role: backend\n", "      role: backnd\n      version: v4\n      restart: { policy: sometimes }\n")
                .replace("    - ramp: { from: 1, to: 10, duration: 2s }", "    - { ramp: { from: 1, to: 10, duration: 2s }, constant: { rate: 1, duration: 1s } }")
                .replace("p99LatencyMs: 50", "p99LatencyMs: 0"));

        ProfileException e = catchThrowableOfType(ProfileException.class, () -> loader.load(file));

        assertThat(e.problems()).extracting(ProfileProblem::line, ProfileProblem::key, ProfileProblem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(5, "targets.backend.stub.role", "must be one of [backend, metadata-db, auth, stream,"
                        + " playlist, search, recommendation, perimeter], was 'backnd'"),
                org.assertj.core.groups.Tuple.tuple(6, "targets.backend.stub.version", "must be v3.2.0 or v3.2.1, was 'v4'"),
                org.assertj.core.groups.Tuple.tuple(7, "targets.backend.stub.restart.policy", "must be always or never, was 'sometimes'"),
                org.assertj.core.groups.Tuple.tuple(14, "traffic.arrivals[0]", "give exactly one of 'ramp', 'constant' or 'diurnal'"),
                org.assertj.core.groups.Tuple.tuple(17, "gates.p99LatencyMs", "must be > 0 milliseconds, was 0.0"));
    }

    @Test
    void aTargetIsExactlyOneKindAndAStubTakesNoMemorySource() throws Exception {
        Path neither = write("neither.yaml", VALID.replace("    stub:\n      role: backend\n", "    memory: { pid: 1 }\n"));
        Path stubWithMemory = write("both.yaml", VALID.replace("      role: backend\n", "      role: backend\n    memory: { pid: 1 }\n"));
        Path pidWithMetric = write("pid.yaml", VALID.replace("    stub:\n      role: backend\n",
                "    url: http://127.0.0.1:8080\n    memory: { pid: 1, metric: rss }\n"));

        assertThat(onlyProblem(neither).toString()).endsWith(":3: targets.backend: give exactly one of 'stub' (launch a target stub),"
                + " 'url' (attach to a running service), 'container' (run your image) or 'redis' (start a redis-server)");
        assertThat(onlyProblem(stubWithMemory).toString()).endsWith(":6: targets.backend.memory: a stub is sampled through its admin"
                + " port; memory sources are for url targets");
        assertThat(onlyProblem(pidWithMetric).toString()).endsWith(":5: targets.backend.memory.metric: belongs to a 'prometheus'"
                + " source, not to 'pid'");
    }

    @Test
    void anExperimentVariantIsHeldToTheStubsOwnLimits() throws Exception {
        Path file = write("variant.yaml", VALID + "experiment:\n  cell: 10s\n  target: backend\n"
                + "  retry: { none: { policy: none } }\n  memory: { huge: { heapMb: 65536, memoryLimitMb: 1048576 } }\n");

        ProfileException e = catchThrowableOfType(ProfileException.class, () -> loader.load(file));

        assertThat(e.problems()).extracting(ProfileProblem::key, ProfileProblem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("experiment.memory.huge.heapMb", "must be between 16 and 16384, was 65536"),
                org.assertj.core.groups.Tuple.tuple("experiment.memory.huge.memoryLimitMb", "must be between 32 and 65536, was 1048576"));
    }

    @Test
    void everyBundledProfileLoads() throws Exception {
        try (var files = Files.list(Path.of("."))) {
            List<Path> bundled = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
            assertThat(bundled).hasSizeGreaterThanOrEqualTo(7);
            for (Path f : bundled) {
                assertThat(loader.load(f).name()).as(f.toString()).isNotBlank();
            }
        }
    }

    private ProfileProblem onlyProblem(Path file) {
        ProfileException e = catchThrowableOfType(ProfileException.class, () -> loader.load(file));
        assertThat(e).as("loading %s should fail", file).isNotNull();
        assertThat(e.problems()).hasSize(1);
        ProfileProblem problem = e.problems().get(0);
        assertThat(problem.file()).isEqualTo(file.toString());
        return problem;
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
