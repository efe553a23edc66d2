package io.soakrig.harness;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real, small file system for tests of a full disk: a tmpfs of a given size, mounted for the
 * test and unmounted after. Mounting needs root (CAP_SYS_ADMIN); where it is refused, the test is
 * skipped and says why, rather than simulating a full disk some other way.
 */
public final class TinyDisk implements AutoCloseable {
    private final Path root;

    private TinyDisk(Path root) {
        this.root = root;
    }

    /** Mounts a tmpfs of {@code bytes} at {@code at} (created), or skips the test. */
    public static TinyDisk mount(Path at, long bytes) throws IOException, InterruptedException {
        Files.createDirectories(at);
        String output = run("mount", "-t", "tmpfs", "-o", "size=" + bytes, "tmpfs", at.toString());
        Assumptions.assumeTrue(output == null, () -> "cannot mount a tmpfs for a full-disk test here (needs root): " + output);
        return new TinyDisk(at);
    }

    public Path root() {
        return root;
    }

    /** Fills the disk: a file grows until the kernel says there is no space left. */
    public void fill() throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(root.resolve("filler"))) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left on device")) {
                throw full;
            }
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        String output = run("umount", "-l", root.toString());
        if (output != null) {
            throw new IOException("cannot unmount the test's tmpfs at " + root + ": " + output);
        }
    }

    /** Null when {@code command} succeeds, else what it said (or why it could not run). */
    private static String run(String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return String.join(" ", command) + " did not finish within 10 s";
            }
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.exitValue() == 0 ? null : String.join(" ", command) + " exited " + p.exitValue() + ": " + said;
        } catch (IOException e) {
            return e.getMessage();
        }
    }
}
