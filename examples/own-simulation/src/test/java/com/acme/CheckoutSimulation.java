package com.acme;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.bodyBytes;
import static io.gatling.javaapi.core.CoreDsl.csv;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Simulation;
import io.soakrig.simulations.Soakrig;

/**
 * A shopper logs in, looks at the cart and checks out. An ordinary Gatling Java-DSL simulation:
 * soakrig adds only the recording ({@code soakrig.request}) and the arrival plan
 * ({@code soakrig.populations}), both from the profile that names this class.
 */
public class CheckoutSimulation extends Simulation {
    private final Soakrig soakrig = Soakrig.fromHarness();

    /** Logs in as the fed user and keeps the session token the answer carries. */
    private final ChainBuilder login = soakrig.request("login", exec(http("login").post("/login")
            .body(StringBody("{\"user\": \"#{user}\", \"password\": \"#{password}\"}")).asJson()
            // a real login answers {"token": ...}: jsonPath("$.token").saveAs("token");
            // soakrig's stubs answer filler bytes, so the token is derived from them
            .check(status().is(200), bodyBytes().transform(Token::of).saveAs("token"))));

    /** The cart, with the token from the login. */
    private final ChainBuilder cart = soakrig.request("cart", exec(http("cart").get("/cart/#{user}")
            .header("Authorization", "Bearer #{token}")
            .check(status().is(200))));

    /** Orders the fed item, with the token from the login. */
    private final ChainBuilder checkout = soakrig.request("checkout", exec(http("checkout").post("/orders")
            .header("Authorization", "Bearer #{token}")
            .body(StringBody("{\"sku\": \"#{sku}\", \"quantity\": 1}")).asJson()
            .check(status().in(200, 201))));

    {
        // each population (region, canary arm) gets its own feeder, so a canary's arms see the same users
        setUp(soakrig.populations("checkout", () -> feed(csv("users.csv").circular())
                .exec(login).exitHereIfFailed()
                .exec(cart, checkout)))
                .maxDuration(soakrig.maxDuration());
    }

    @Override
    public void after() {
        soakrig.finish();
    }
}
