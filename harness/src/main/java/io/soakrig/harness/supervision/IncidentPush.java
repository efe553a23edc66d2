package io.soakrig.harness.supervision;

import io.soakrig.contract.events.EventDetail;
import io.soakrig.contract.events.RunEvent;
import io.soakrig.contract.events.RunEventLog;
import io.soakrig.contract.io.DaemonTicker;
import io.soakrig.profile.HttpFilter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An incident's configuration push: once the traffic has run for the incident's time, the new
 * filter order goes to every instance of its targets at once, through each instance's admin port
 * ({@code PUT /filters}, with the run's token) — the simultaneous global rollout of the April 2025
 * seed; a container of soakrig's stub image receives it the same way, on its published admin
 * port. Each instance's answer is a {@code CONFIG_PUSHED} event; an instance that is down when
 * the push goes out is recorded as such and never pushed again, as a pod that restarts boots with
 * its bootstrap configuration.
 *
 * <p>The traffic has started when the load generator creates its arrival log, which it does just
 * before its first arrival.
 */
public final class IncidentPush implements AutoCloseable {
    /**
     * One instance the push goes to.
     *
     * @param target  the profile's name for its target
     * @param index   which instance of the target
     * @param filters its {@code /filters} URL on the admin port
     */
    public record Receiver(String target, int index, URI filters) {
        /** A stub instance, through its admin port. */
        public static Receiver of(Topology.Instance stub) {
            return new Receiver(stub.target(), stub.index(), stub.admin("/filters"));
        }

        /** A container target (one instance), through its published admin port. */
        public static Receiver container(String target, URI adminUrl) {
            return new Receiver(target, 0, adminUrl.resolve("/filters"));
        }
    }

    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration PUSH_TIMEOUT = Duration.ofSeconds(2);

    private final List<Receiver> instances;
    private final List<HttpFilter> filters;
    private final Duration afterTrafficStart;
    private final Path trafficStarted;
    private final String token;
    private final HttpClient http;
    private final RunEventLog events;
    private final Thread thread;
    private volatile Long pushedAtMillis;

    private IncidentPush(List<Receiver> instances, List<HttpFilter> filters, Duration afterTrafficStart, Path trafficStarted,
                         String token, HttpClient http, RunEventLog events) {
        this.instances = List.copyOf(instances);
        this.filters = List.copyOf(filters);
        this.afterTrafficStart = afterTrafficStart;
        this.trafficStarted = trafficStarted;
        this.token = token;
        this.http = http;
        this.events = events;
        this.thread = DaemonTicker.daemonThreads("incident-push").newThread(this::run);
    }

    /**
     * Arms the push: it goes out {@code afterTrafficStart} after {@code trafficStarted} appears.
     *
     * @param instances the instances pushed to
     */
    public static IncidentPush arm(List<Receiver> instances, List<HttpFilter> filters, Duration afterTrafficStart,
                                   Path trafficStarted, String token, HttpClient http, RunEventLog events) {
        IncidentPush push = new IncidentPush(instances, filters, afterTrafficStart, trafficStarted, token, http, events);
        push.thread.start();
        return push;
    }

    /** When the push went out (epoch millis), or null before it did. */
    public Long pushedAtMillis() {
        return pushedAtMillis;
    }

    private void run() {
        try {
            while (!Files.exists(trafficStarted)) {
                Thread.sleep(POLL.toMillis());
            }
            Thread.sleep(afterTrafficStart.toMillis());
        } catch (InterruptedException stopped) {
            return;
        }
        pushedAtMillis = System.currentTimeMillis();
        String body = String.join(",", HttpFilter.ids(filters));
        List<CompletableFuture<Void>> sent = instances.stream().map(i -> http.sendAsync(
                        HttpRequest.newBuilder(i.filters()).timeout(PUSH_TIMEOUT)
                                .header("Authorization", "Bearer " + token)
                                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString())
                .handle((response, error) -> {
                    EventDetail.ConfigPushed detail = response != null ? new EventDetail.ConfigPushed(body, response.statusCode(), null)
                            : new EventDetail.ConfigPushed(body, null, String.valueOf(error.getMessage()));
                    events.write(new RunEvent(System.currentTimeMillis(), i.target(), i.index(), detail));
                    return (Void) null;
                })).toList();
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
