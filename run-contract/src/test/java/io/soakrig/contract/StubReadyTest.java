package io.soakrig.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StubReadyTest {
    @TempDir
    Path dir;

    @Test
    void theAnnouncementRoundTrips() throws Exception {
        Path file = dir.resolve("backend-0.ready");
        new StubReady(41000, 41001, 1234).write(file);

        assertThat(StubReady.read(file)).isEqualTo(new StubReady(41000, 41001, 1234));
    }

    @Test
    void anAnnouncementWithoutItsPortsIsNamed() throws Exception {
        Path file = dir.resolve("backend-0.ready");
        Files.writeString(file, "port=41000\n");

        assertThatThrownBy(() -> StubReady.read(file)).hasMessageContaining(file.toString());
    }
}
