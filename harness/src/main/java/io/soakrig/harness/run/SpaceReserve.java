package io.soakrig.harness.run;

import io.soakrig.contract.RunLayout;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Room kept on a run directory's disk for the run's results. A disk that fills during a run
 * would otherwise take the run's manifest and summary with it: the run would end with no verdict
 * written and its manifest stuck at RUNNING. So a run starts by writing {@value #RESERVE_BYTES}
 * bytes of its own ({@value #FILE}); while it goes it watches the disk, and once less than
 * {@value #LOW_BYTES} bytes are left it stops (its recordings can no longer be trusted to be
 * whole — the load generator's writes fail silently) and releases the reserve to write what it
 * must: {@code run.json}, {@code summary.json}, {@code junit.xml} and, if it fits,
 * {@code report.html}.
 */
public final class SpaceReserve {
    /** The reserve's file name in the run directory; it never outlives the run. */
    public static final String FILE = RunLayout.SPACE_RESERVE;
    /** Enough for a run's manifest, summary and JUnit report, and a typical HTML report. */
    static final long RESERVE_BYTES = 1L << 20;
    /** Below this much usable space the disk counts as full: the next interval may not fit. */
    static final long LOW_BYTES = 64L << 10;

    private final Path file;
    private final FileStore store;
    private volatile String foundFull;

    private SpaceReserve(Path file, FileStore store) {
        this.file = file;
        this.store = store;
    }

    /**
     * Writes the reserve into {@code dir}. Real bytes, not a sparse file: a sparse file takes no
     * blocks and would reserve nothing. Fails (leaving no file) when the disk cannot hold it.
     */
    public static SpaceReserve claim(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] block = new byte[64 << 10];
            for (long written = 0; written < RESERVE_BYTES; written += block.length) {
                out.write(block);
            }
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        SpaceReserve reserve = new SpaceReserve(file, Files.getFileStore(dir));
        if (reserve.exhausted()) {
            reserve.release();
            throw new IOException("No space left on device: " + kib(reserve.usableBytes()) + " left beside the run's reserve");
        }
        return reserve;
    }

    /** Whether the disk is full: less than {@value #LOW_BYTES} bytes usable beside the reserve. */
    public boolean exhausted() {
        return usableBytes() < LOW_BYTES;
    }

    /**
     * Why the disk counts as full, fixed the first time it was found so, or null while it never
     * was: once it has been full, the recordings may have gaps even if space comes back.
     */
    public String checkFull() {
        if (foundFull == null && exhausted()) {
            foundFull = fullReason();
        }
        return foundFull;
    }

    /** The disk's state in the words a run's status gives it: how much is left, and what that means. */
    public String fullReason() {
        return "disk full: " + kib(usableBytes()) + " left on the disk of " + file.getParent()
                + "; the recordings may have gaps from then on";
    }

    /** Bytes still usable on the disk, beside the reserve; the maximum when the disk cannot say. */
    public long usableBytes() {
        try {
            return store.getUsableSpace();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Frees the reserve for the run's results; idempotent. */
    public void release() throws IOException {
        Files.deleteIfExists(file);
    }

    /** Whether {@code e}, or what caused it, is the operating system saying the disk is full (ENOSPC, EDQUOT). */
    public static boolean isDiskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }

    static String kib(long bytes) {
        return String.format(Locale.ROOT, "%d KiB", bytes >> 10);
    }
}
