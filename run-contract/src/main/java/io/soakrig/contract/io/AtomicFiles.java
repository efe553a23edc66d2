package io.soakrig.contract.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Write-then-rename: a file is written beside its target as {@code <name>.partial} and moved over
 * the target in one atomic step. A reader (another process, a later {@code soakrig report}) sees
 * the old content or the new, never half of it; a kill or a full disk mid-write leaves the old
 * file in place and no partial copy behind.
 */
public final class AtomicFiles {
    /** Suffix of the file being written before it replaces its target. */
    public static final String PARTIAL_SUFFIX = ".partial";

    private AtomicFiles() {
    }

    /** What writes the new content into the partial file it is given. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path partial) throws IOException;
    }

    /**
     * Writes {@code content} into {@code target}'s partial sibling and moves it over {@code target}
     * atomically; the partial file is removed whatever happens.
     *
     * @return {@code target}
     */
    public static Path replace(Path target, Content content) throws IOException {
        Path partial = target.resolveSibling(target.getFileName() + PARTIAL_SUFFIX);
        try {
            content.writeTo(partial);
            return Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** Replaces {@code target} atomically with {@code text} in UTF-8. */
    public static Path replace(Path target, String text) throws IOException {
        return replace(target, partial -> Files.writeString(partial, text, StandardCharsets.UTF_8));
    }
}
