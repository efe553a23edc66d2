package io.soakrig.harness.supervision;

import io.soakrig.contract.events.EventDetail;
import io.soakrig.contract.events.RunEvent;
import io.soakrig.contract.events.RunEventLog;
import io.soakrig.contract.io.DaemonTicker;
import io.soakrig.harness.sampling.PrometheusText;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Turns perimeter instances' overload-manager counters into run events: {@code SHEDDING_STARTED}
 * when an instance begins refusing requests with 503, {@code SHEDDING_STOPPED} with the count
 * refused when it stops (or goes down). Read from Envoy's
 * {@code envoy_http_downstream_rq_overload_close} counter on each admin port, every {@code period}.
 * A restarted process starts its counter at zero, which is read as a new count, not a fall.
 */
public final class OverloadWatch implements AutoCloseable {
    static final String REJECTED = "envoy_http_downstream_rq_overload_close_total";

    private final List<Watched> watched;
    private final String token;
    private final HttpClient http;
    private final RunEventLog events;
    private final DaemonTicker timer;

    private static final class Watched {
        final Topology.Instance instance;
        long last = -1;
        long episode;
        boolean shedding;

        Watched(Topology.Instance instance) {
            this.instance = instance;
        }
    }

    /** Watches the perimeter instances among {@code instances}, from now on. */
    public OverloadWatch(List<Topology.Instance> instances, String token, HttpClient http, RunEventLog events, Duration period) {
        this.watched = instances.stream().filter(i -> i.role() == io.soakrig.profile.StubRole.PERIMETER).map(Watched::new).toList();
        this.token = token;
        this.http = http;
        this.events = events;
        this.timer = watched.isEmpty() ? null : DaemonTicker.start("overload-watch", Duration.ZERO, period, this::poll);
    }

    private void poll() {
        for (Watched w : watched) {
            long total;
            try {
                total = PrometheusText.figure(PrometheusText.scrape(http, w.instance.metricsUrl(), token), REJECTED, Map.of());
            } catch (IOException down) {
                total = -1;
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
                return;
            }
            long rejected = total < 0 ? 0 : w.last < 0 || total < w.last ? total : total - w.last;
            if (total >= 0) {
                w.last = total;
            }
            if (rejected > 0 && !w.shedding) {
                w.shedding = true;
                w.episode = 0;
                event(w, new EventDetail.SheddingStarted());
            }
            w.episode += rejected;
            if (rejected == 0 && w.shedding) {
                w.shedding = false;
                event(w, new EventDetail.SheddingStopped(w.episode));
            }
        }
    }

    private void event(Watched w, EventDetail detail) {
        events.write(new RunEvent(System.currentTimeMillis(), w.instance.target(), w.instance.index(), detail));
    }

    /** Stops watching; an episode still running is closed with what it refused so far. */
    @Override
    public void close() {
        if (timer != null) {
            timer.stop(Duration.ofSeconds(2));
        }
        for (Watched w : watched) {
            if (w.shedding) {
                w.shedding = false;
                event(w, new EventDetail.SheddingStopped(w.episode));
            }
        }
    }
}
