package io.soakrig.contract.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows a file another process appends lines to, as {@code tail -f} does: each poll reads only
 * what was appended since the last one. A watch that looks every few seconds at a file that grows
 * for hours would otherwise read the whole file at every look, its cost growing with the run.
 *
 * <p>Only complete lines are handed out: a line not yet ended by {@code '\n'} (one being written,
 * or cut short by a kill) waits for its end. A file that shrank was written anew, and is read
 * again from its start. Not thread-safe: one reader.
 */
public final class LineTail {
    private final Path file;
    private final Charset charset;
    private long offset;

    /**
     * The lines appended since the last poll.
     *
     * @param lines     complete lines, without their ends, in file order
     * @param fromStart whether they are the file's first lines (the first poll that found the file, or
     *                  the file was written anew): what a reader had built from earlier lines is void
     */
    public record Lines(List<String> lines, boolean fromStart) {
    }

    public LineTail(Path file, Charset charset) {
        this.file = file;
        this.charset = charset;
    }

    /** What was appended since the last poll; null while there is no file. */
    public Lines poll() throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            boolean fromStart = offset == 0 || size < offset;
            if (size < offset) {
                offset = 0;
            }
            if (size == offset) {
                return new Lines(List.of(), fromStart);
            }
            ByteBuffer appended = ByteBuffer.allocate(Math.toIntExact(size - offset));
            while (appended.hasRemaining()) {
                if (channel.read(appended, offset + appended.position()) < 0) {
                    break;
                }
            }
            byte[] bytes = appended.array();
            int end = appended.position();
            List<String> lines = new ArrayList<>();
            int from = 0;
            for (int i = 0; i < end; i++) {
                if (bytes[i] == '\n') {
                    int to = i > from && bytes[i - 1] == '\r' ? i - 1 : i;
                    lines.add(new String(bytes, from, to - from, charset));
                    from = i + 1;
                }
            }
            offset += from;
            return new Lines(lines, fromStart);
        } catch (NoSuchFileException absent) {
            offset = 0;
            return null;
        }
    }
}
