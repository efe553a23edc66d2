package io.soakrig.harness.sampling;

import io.soakrig.contract.memory.MemorySample;
import java.io.IOException;

/** Somewhere one target's memory can be read: a stub's admin port, a Prometheus endpoint, a local process. */
public interface MemorySource {
    /** The target label samples are recorded under. */
    String target();

    /**
     * One reading, now, stamped by {@code clock} once it has been read: the sampler's clock, which
     * only moves forward ({@link SampleClock}).
     */
    MemorySample sample(SampleClock clock) throws IOException, InterruptedException;
}
