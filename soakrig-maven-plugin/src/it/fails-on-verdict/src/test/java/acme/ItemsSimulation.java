package acme;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Simulation;
import io.soakrig.simulations.Soakrig;

/** Every arrival one recorded request; the profile's latency gate is one no real request meets. */
public class ItemsSimulation extends Simulation {
    private final Soakrig soakrig = Soakrig.fromHarness();
    private final ChainBuilder items = soakrig.request("items", exec(http("items").get("/catalog/items")));

    {
        setUp(soakrig.populations("items", () -> items)).maxDuration(soakrig.maxDuration());
    }

    @Override
    public void after() {
        soakrig.finish();
    }
}
