package io.soakrig.simulations;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.soakrig.profile.ArrivalPlan;
import io.soakrig.profile.Profile;
import io.soakrig.profile.ProfileLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A simulation that injects its own arrivals declares them, and its arrivals are counted against
 * what it declared — not against the profile's plan, which it does not play.
 */
class ArrivalPlansTest {
    @TempDir
    Path tmp;

    private ArrivalPlans plans(String extra) throws Exception {
        Path profile = Files.writeString(tmp.resolve("own.yaml"), """
                name: own
                targets:
                  api:
                    url: http://127.0.0.1:8080
                %s
                traffic:
                  target: api
                  simulation: acme.Own
                  arrivals:
                    - constant: { rate: 20, duration: 10s }
                """.formatted(extra));
        Profile loaded = new ProfileLoader().load(profile);
        return new ArrivalPlans(loaded, loaded.arrivalPlans());
    }

    @Test
    void aDeclaredInjectionIsWhatArrivalsAreCountedAgainstInsteadOfTheProfilesPlan() throws Exception {
        ArrivalPlans soakrig = plans("");

        assertThat(soakrig.declare("browse", Soakrig.ramp(1, 5, ofSeconds(2)), Soakrig.constant(5, ofSeconds(4))).duration())
                .isEqualTo(ofSeconds(6));

        assertThat(soakrig.counted()).containsExactly(new ArrivalPlan("browse", List.of(
                new ArrivalPlan.Segment(1, 5, ofSeconds(2)), new ArrivalPlan.Segment(5, 5, ofSeconds(4)))));
    }

    @Test
    void withoutADeclarationTheProfilesPlanIsCounted() throws Exception {
        assertThat(plans("").counted()).extracting(ArrivalPlan::population).containsExactly(ArrivalPlan.EVERYONE);
    }

    @Test
    void aSimulationPlayingTheProfilesPlanBesideItsOwnIsCountedAgainstBoth() throws Exception {
        ArrivalPlans soakrig = plans("");

        soakrig.declare("browse", Soakrig.constant(5, ofSeconds(4)));
        soakrig.profilePlanPlayed();

        assertThat(soakrig.counted()).extracting(ArrivalPlan::population).containsExactly(ArrivalPlan.EVERYONE, "browse");
    }

    @Test
    void aDeclarationThatCannotBeHeldToIsRefusedWhenTheSimulationIsBuilt() throws Exception {
        ArrivalPlans soakrig = plans("");

        assertThatThrownBy(() -> soakrig.declare(ArrivalPlan.EVERYONE, Soakrig.constant(5, ofSeconds(4))))
                .hasMessage("population 'all' is taken (the profile's are [all]): give your injection a name of its own");
        assertThatThrownBy(() -> soakrig.declare("long", Soakrig.constant(5, ofSeconds(11))))
                .hasMessage("the injection of 'long' lasts 11.0 s, longer than the profile's schedule (10.0 s), at whose end the harness stops the run");
        assertThatThrownBy(() -> soakrig.declare("negative", Soakrig.ramp(5, -1, ofSeconds(1))))
                .hasMessageContaining("a step with a negative rate or no duration");
        assertThatThrownBy(() -> soakrig.declare("empty")).hasMessage("the injection of 'empty' has no step");
        soakrig.declare("twice", Soakrig.constant(1, ofSeconds(1)));
        assertThatThrownBy(() -> soakrig.declare("twice", Soakrig.constant(1, ofSeconds(1)))).hasMessageContaining("is taken");
    }

    @Test
    void aCanaryPlaysTheProfilesPlanPerArm() throws Exception {
        Path profile = Files.writeString(tmp.resolve("canary.yaml"), """
                name: own
                targets:
                  old: { url: "http://127.0.0.1:8080" }
                  new: { url: "http://127.0.0.1:8081" }
                traffic:
                  simulation: acme.Own
                  arrivals:
                    - constant: { rate: 20, duration: 10s }
                canary: { baseline: old, canary: new }
                """);
        Profile loaded = new ProfileLoader().load(profile);
        ArrivalPlans soakrig = new ArrivalPlans(loaded, loaded.arrivalPlans());

        assertThatThrownBy(() -> soakrig.declare("browse", Soakrig.constant(5, ofSeconds(4)))).isInstanceOf(IllegalStateException.class);
    }
}
