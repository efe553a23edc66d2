package io.soakrig.contract.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineTailTest {
    @Test
    void eachPollHandsOutOnlyTheCompleteLinesAppendedSinceTheLast(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("log");
        LineTail tail = new LineTail(file, StandardCharsets.UTF_8);
        assertThat(tail.poll()).as("no file yet").isNull();

        Files.writeString(file, "a\nb\r\nc");
        assertThat(tail.poll()).isEqualTo(new LineTail.Lines(java.util.List.of("a", "b"), true));
        assertThat(tail.poll()).as("the partial line waits for its end").isEqualTo(new LineTail.Lines(java.util.List.of(), false));

        Files.writeString(file, "-ended\nd\n", StandardOpenOption.APPEND);
        assertThat(tail.poll()).isEqualTo(new LineTail.Lines(java.util.List.of("c-ended", "d"), false));

        Files.writeString(file, "new\n");
        assertThat(tail.poll()).as("a file written anew is read from its start")
                .isEqualTo(new LineTail.Lines(java.util.List.of("new"), true));
    }
}
