package acme;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.Simulation;
import io.soakrig.simulations.Soakrig;

/** Expects a status the service never answers: every request fails its check, and the error gate fails the run. */
public class ItemsSimulation extends Simulation {
    private final Soakrig soakrig = Soakrig.fromHarness();

    {
        setUp(soakrig.populations("items", () -> soakrig.request("items",
                exec(http("items").get("/catalog/items").check(status().is(418))))))
                .maxDuration(soakrig.maxDuration());
    }

    @Override
    public void after() {
        soakrig.finish();
    }
}
