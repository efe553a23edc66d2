package io.soakrig.harness.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The last lines of a child's log, quoted in error messages so the cause is on screen. */
public final class LogTail {
    private static final int LINES = 8;

    private LogTail() {
    }

    public static String of(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> tail = lines.subList(Math.max(0, lines.size() - LINES), lines.size());
            return tail.isEmpty() ? "" : "\n  | " + String.join("\n  | ", tail);
        } catch (IOException e) {
            return "";
        }
    }
}
