package acme;

import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.Simulation;
import io.soakrig.simulations.Soakrig;

/** Sends the profile's arrivals with plain Gatling: nothing goes through Soakrig.request, so there is nothing to judge. */
public class SilentSimulation extends Simulation {
    private final Soakrig soakrig = Soakrig.fromHarness();

    {
        setUp(scenario("silent").exec(http("items").get("/catalog/items")).injectOpen(soakrig.injection())).protocols(soakrig.http());
    }
}
