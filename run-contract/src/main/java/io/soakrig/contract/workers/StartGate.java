package io.soakrig.contract.workers;

import io.soakrig.contract.RunLayout;
import io.soakrig.contract.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * The second phase of a worker's start, between the worker and the generator JVM it launched: the
 * generator boots, says it is ready to inject ({@link #ready()}: {@link RunLayout#generatorReady()})
 * and waits; the worker reports that to its coordinator, which fixes the shared start only once
 * every worker's generator is ready, and hands the instant to its generator
 * ({@link #open(long)}: {@link RunLayout#sharedStart()}). So the shared start does not depend on
 * how long the JVMs take to boot — on a starved machine three Gatling JVMs booting at once take
 * longer than any fixed lead.
 *
 * <p>Both files are written whole (write-then-rename): the reader sees the instant or nothing.
 */
public final class StartGate {
    /**
     * How long a ready generator waits for its start before it gives up: longer than the
     * coordinator's wait for every worker to be ready plus a worker's bound without its
     * coordinator, so it only fires when its worker is gone (killed with -9).
     */
    public static final Duration START_WITHIN = Duration.ofSeconds(180);
    private static final Duration POLL = Duration.ofMillis(10);

    private final Path ready;
    private final Path start;

    /** The gate of the generator that writes into {@code own}. */
    public StartGate(RunLayout own) {
        this.ready = own.generatorReady();
        this.start = own.sharedStart();
    }

    /** The generator: ready to inject, now. */
    public void ready() {
        write(ready, System.currentTimeMillis());
    }

    /** The worker: when its generator said it was ready, epoch milliseconds; empty before. */
    public OptionalLong readyAtMillis() {
        return read(ready);
    }

    /** The worker: hands its generator the shared start. */
    public void open(long startAtMillis) {
        if (startAtMillis <= 0) {
            throw new IllegalArgumentException("a worker needs the shared start instant, was " + startAtMillis);
        }
        write(start, startAtMillis);
    }

    /**
     * The generator: waits for the shared start to be handed over, at most {@code bound}.
     *
     * @return the shared start, epoch milliseconds (it may be in the past for a late generator)
     * @throws IllegalStateException when none came within {@code bound}
     */
    public long awaitStart(Duration bound) throws InterruptedException {
        long end = System.nanoTime() + bound.toNanos();
        for (OptionalLong at = read(start); ; at = read(start)) {
            if (at.isPresent()) {
                return at.getAsLong();
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException("no shared start came within " + bound.toSeconds() + " s of the generator being ready ("
                        + start + "); its worker is gone");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private static void write(Path file, long millis) {
        try {
            AtomicFiles.replace(file, Long.toString(millis));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    private static OptionalLong read(Path file) {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).strip()));
        } catch (NoSuchFileException absent) {
            return OptionalLong.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }
}
