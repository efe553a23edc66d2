package io.soakrig.contract.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void theNewContentReplacesTheOldAndNoPartialFileIsLeft() throws Exception {
        Path target = dir.resolve("summary.json");
        Files.writeString(target, "old");

        AtomicFiles.replace(target, "new");

        assertThat(target).hasContent("new");
        assertThat(dir.resolve("summary.json" + AtomicFiles.PARTIAL_SUFFIX)).doesNotExist();
    }

    @Test
    void aWriteThatFailsLeavesTheOldContentAndNoPartialFile() throws Exception {
        Path target = dir.resolve("run.json");
        Files.writeString(target, "old");

        assertThatThrownBy(() -> AtomicFiles.replace(target, partial -> {
            Files.writeString(partial, "half");
            throw new IOException("disk full");
        })).hasMessage("disk full");

        assertThat(target).hasContent("old");
        assertThat(dir.resolve("run.json" + AtomicFiles.PARTIAL_SUFFIX)).doesNotExist();
    }
}
