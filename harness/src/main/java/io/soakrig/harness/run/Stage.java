package io.soakrig.harness.run;

import io.soakrig.contract.memory.MemorySampleLog;
import io.soakrig.contract.events.RunEventLog;
import io.soakrig.harness.sampling.MemorySampler;
import io.soakrig.harness.supervision.OverloadWatch;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * Targets under watch while traffic plays against them: their memory sampled every second into
 * the run's sample log, and their overload signals (admin endpoints) logged as events. Closing
 * the stage stops the watching, not the targets: they belong to the run's {@link RunChildren}.
 */
final class Stage implements AutoCloseable {
    static final Duration SAMPLE_PERIOD = Duration.ofSeconds(1);

    private final Targets targets;
    private final MemorySampler sampler;
    private final OverloadWatch overload;

    private Stage(Targets targets, MemorySampler sampler, OverloadWatch overload) {
        this.targets = targets;
        this.sampler = sampler;
        this.overload = overload;
    }

    /** Starts watching {@code targets}. */
    static Stage watch(Targets targets, MemorySampleLog samples, String adminToken, HttpClient http, RunEventLog events) {
        MemorySampler sampler = new MemorySampler(targets.sampled(), samples);
        try {
            OverloadWatch overload = new OverloadWatch(targets.topology().instances(), adminToken, http, events, SAMPLE_PERIOD);
            sampler.start(SAMPLE_PERIOD);
            return new Stage(targets, sampler, overload);
        } catch (RuntimeException e) {
            sampler.close();
            throw e;
        }
    }

    Targets targets() {
        return targets;
    }

    MemorySampler sampler() {
        return sampler;
    }

    /** Takes one last sample of every target, so the series ends where the traffic did. */
    void finalSample() {
        sampler.finalSample();
    }

    @Override
    public void close() {
        overload.close();
        sampler.close();
    }
}
