package io.soakrig.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Each spec's own rules, checked on values built in code: no YAML, no loader. */
class SpecChecksTest {

    private static List<Checks.Violation> violations(Consumer<Checks> check) {
        Checks checks = Checks.root();
        check.accept(checks);
        return checks.violations();
    }

    @Test
    void aRampNamesEachBadSettingAtItsOwnKey() {
        List<Checks.Violation> v = violations(c -> new Ramp(-1.0, 60_000.0, Duration.ZERO).check(c.at("ramp")));

        assertThat(v).extracting(Checks.Violation::key, Checks.Violation::message).containsExactly(
                tuple("ramp.from", "must be >= 0 arrivals per second, was -1.0"),
                tuple("ramp.to", "must be at most 50000 arrivals per second, was 60000.0"),
                tuple("ramp.duration", "must be longer than zero"));
    }

    @Test
    void aConstantRateMustBePositiveAndADiurnalTroughBelowItsPeak() {
        assertThat(violations(c -> new Constant(0.0, Duration.ofSeconds(1)).check(c)))
                .extracting(Checks.Violation::key).containsExactly("rate");
        assertThat(violations(c -> new Diurnal(50.0, 10.0, null, Duration.ofHours(25), null, Duration.ofHours(1)).check(c)))
                .extracting(Checks.Violation::key).containsExactly("trough", "peakAt");
    }

    @Test
    void aStepCutShortKeepsItsShape() {
        ArrivalStep ramp = new Ramp(0.0, 100.0, Duration.ofSeconds(10)).truncatedTo(Duration.ofSeconds(5));
        ArrivalStep diurnal = new Diurnal(1.0, 2.0, null, null, null, Duration.ofHours(2)).truncatedTo(Duration.ofHours(1));

        assertThat(ramp).isEqualTo(new Ramp(0.0, 50.0, Duration.ofSeconds(5)));
        assertThat(diurnal).isInstanceOf(Diurnal.class).extracting(ArrivalStep::duration).isEqualTo(Duration.ofHours(1));
        assertThat(new Constant(5.0, Duration.ofSeconds(3)).truncatedTo(Duration.ofMinutes(1))).isEqualTo(new Constant(5.0, Duration.ofSeconds(3)));
    }

    @Test
    void aFormWithNoneOrSeveralAlternativesIsNoValueAndSaysWhy() {
        Checks checks = Checks.root();
        Ramp ramp = new Ramp(1.0, 2.0, Duration.ofSeconds(1));

        assertThat(new ArrivalStep.Form(ramp, null, null).choice(checks.at(0))).isSameAs(ramp);
        assertThat(new ArrivalStep.Form(ramp, new Constant(1.0, Duration.ofSeconds(1)), null).choice(checks.at(1))).isNull();
        assertThat(new TargetSpec.Form(null, null, null, null, null).choice(checks.at(2))).isNull();
        assertThat(new TargetSpec.Form(StubSpec.of(StubRole.BACKEND), null, new ProcessMemory(1), null, null).choice(checks.at(3))).isNull();
        assertThat(new MemorySourceSpec.Form(null, "m", null, 42L).choice(checks.at(4))).isNull();
        assertThat(new TargetSpec.Form(null, URI.create("http://127.0.0.1:1"), new ProcessMemory(1), null, null).choice(checks.at(5)))
                .isEqualTo(new UrlTarget(URI.create("http://127.0.0.1:1"), new ProcessMemory(1)));

        assertThat(checks.violations()).extracting(Checks.Violation::key, Checks.Violation::message).containsExactly(
                tuple("[1]", "give exactly one of 'ramp', 'constant' or 'diurnal'"),
                tuple("[2]", "give exactly one of 'stub' (launch a target stub), 'url' (attach to a running service), 'container' (run your image) or 'redis' (start a redis-server)"),
                tuple("[3].memory", "a stub is sampled through its admin port; memory sources are for url targets"),
                tuple("[4].metric", "belongs to a 'prometheus' source, not to 'pid'"));
    }

    @Test
    void aContainerNamesEachBadSettingAtItsOwnKeyAndTakesNoMemorySource() {
        ContainerSpec bad = new ContainerSpec(" ", 0, 0, null, null, 100_000, 0.0, new ContainerSpec.HealthSpec.Http("health"),
                new ContainerSpec.MetricSpec("metrics", null), null);

        assertThat(violations(c -> new ContainerTarget(bad).check("shop", c))).extracting(Checks.Violation::key, Checks.Violation::message)
                .containsExactly(
                        tuple("container.image", "must name an image"),
                        tuple("container.port", "must be between 1 and 65535, was 0"),
                        tuple("container.adminPort", "must be between 1 and 65535, was 0"),
                        tuple("container.memoryLimitMb", "must be between 6 (the engines' minimum) and 65536, was 100000"),
                        tuple("container.cpus", "must be above 0, was 0.0"),
                        tuple("container.health.http", "must be a path starting with '/', was 'health'"),
                        tuple("container.metric.path", "must be a path starting with '/'"),
                        tuple("container.metric.metric", "is required"));
        assertThat(violations(c -> new ContainerTarget(new ContainerSpec("shop", 8080, 8080, null, null, null, null, null, null, null))
                .check("shop", c))).extracting(Checks.Violation::key, Checks.Violation::message)
                .containsExactly(tuple("container.adminPort", "must differ from port 8080"));
        Checks checks = Checks.root();
        ContainerSpec good = new ContainerSpec("shop", 8080, null, null, null, 64, null, null, null, null);
        assertThat(new TargetSpec.Form(null, null, new ProcessMemory(1), good, null).choice(checks)).isNull();
        assertThat(checks.violations()).extracting(Checks.Violation::key, Checks.Violation::message).containsExactly(
                tuple("memory", "a container is sampled through its engine; memory sources are for url targets"));
        assertThat(new TargetSpec.Form(null, null, null, good, null).choice(Checks.root())).isEqualTo(new ContainerTarget(good));
    }

    @Test
    void aRuleAboutAValueThatCouldNotBeReadIsNotReportedAgain() {
        Checks checks = Checks.root();
        checks.at("retry").at("policy").unreadable("must be one of [none], was 'x'");

        checks.at("retry").at("policy").require(null);
        checks.at("retry").fail("about what contains it");
        checks.at("retry").at("budget").fail("a sibling is still reported");

        assertThat(checks.violations()).extracting(Checks.Violation::key).containsExactly("retry.policy", "retry.budget");
    }

    @Test
    void aClientRetryBudgetIsAShareOfRequestsAtMostOne() {
        RetrySpec percent = new RetrySpec(ClientRetryPolicy.IMMEDIATE, null, null, null, null, 10.0, null, null, null, null);
        RetrySpec share = new RetrySpec(ClientRetryPolicy.IMMEDIATE, null, null, null, null, 1.0, null, null, null, null);

        assertThat(violations(percent::check)).extracting(Checks.Violation::key, Checks.Violation::message)
                .containsExactly(tuple("budget", "must be a share of requests in (0, 1], was 10.0"));
        assertThat(violations(share::check)).isEmpty();
        assertThat(violations(new RetrySpec(null, null, null, null, null, null, null, null, null, null)::check))
                .extracting(Checks.Violation::key, Checks.Violation::message).containsExactly(tuple("policy", "is required"));
    }

    @Test
    void aStubAndAnExperimentVariantOfItAreHeldToTheSameMemoryLimits() {
        StubSpec stub = StubSpec.of(StubRole.BACKEND).with(null, null, 70_000, null);
        MemoryVariant variant = new MemoryVariant(20_000, 70_000, 1L << 30);

        assertThat(violations(stub::check)).extracting(Checks.Violation::key, Checks.Violation::message)
                .containsExactly(tuple("memoryLimitMb", "must be between 32 and 65536, was 70000"));
        assertThat(violations(c -> variant.check(c, "backend", StubSpec.of(StubRole.BACKEND))))
                .extracting(Checks.Violation::key, Checks.Violation::message).containsExactly(
                        tuple("heapMb", "must be between 16 and 16384, was 20000"),
                        tuple("memoryLimitMb", "must be between 32 and 65536, was 70000"),
                        tuple("maxHeapSizeBytes", "only a perimeter has an overload manager; backend is BACKEND"));
        assertThat(violations(c -> new MemoryVariant(Integer.valueOf((int) Limits.HEAP_MB.max()), Integer.valueOf((int) Limits.MEMORY_LIMIT_MB.max()),
                Limits.MIN_OVERLOAD_HEAP_BYTES).check(c, "p", StubSpec.of(StubRole.PERIMETER)))).isEmpty();
    }

    @Test
    void aPerimeterNamesARepeatedFilterAndAnEmptyRouteTable() {
        PerimeterSpec perimeter = new PerimeterSpec(null, List.of(HttpFilter.AUTH, HttpFilter.FAULT, HttpFilter.AUTH), null, null, null, null);

        assertThat(violations(perimeter::check)).extracting(Checks.Violation::key, Checks.Violation::message).containsExactly(
                tuple("routes", "a perimeter needs at least one route"),
                tuple("filters[2]", "'auth' is listed twice; each of [rate-limit, auth, user-tier, fault] runs at most once"));
    }

    @Test
    void aProcessMemorySourceNeedsAProcessIdAndAPrometheusOneAMetric() {
        assertThat(violations(new ProcessMemory(0)::check)).extracting(Checks.Violation::key).containsExactly("pid");
        assertThat(violations(new PrometheusMemory(URI.create("ftp://127.0.0.1/"), null, Map.of())::check))
                .extracting(Checks.Violation::key).containsExactly("prometheus", "metric");
    }

    @Test
    void keywordsAreReadByTheWordAProfileWritesAndNameTheKnownOnes() {
        assertThat(Keyword.of(ClientRetryPolicy.class, "full-jitter")).isEqualTo(ClientRetryPolicy.FULL_JITTER);
        assertThat(Keyword.of(RetryCondition.class, "5xx")).isEqualTo(RetryCondition.FIVE_XX);
        assertThat(StubVersion.of("v3.2.1")).isEqualTo(StubVersion.V3_2_1);
        assertThat(Keyword.expected(RestartPolicy.class, "sometimes")).isEqualTo("must be always or never, was 'sometimes'");
        assertThat(Keyword.expected(ClientRetryPolicy.class, "x"))
                .isEqualTo("must be one of [none, immediate, constant, exponential, full-jitter], was 'x'");
    }
}
