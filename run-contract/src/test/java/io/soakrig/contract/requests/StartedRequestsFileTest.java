package io.soakrig.contract.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartedRequestsFileTest {
    @TempDir
    Path dir;

    @Test
    void countsRoundTripInNameOrderUnderAVersion() throws Exception {
        Path file = dir.resolve("requests.json");
        StartedRequestsFile.write(file, Map.of("profile", 100L, "canary/catalog", 300L));

        assertThat(StartedRequestsFile.read(file)).containsExactly(Map.entry("canary/catalog", 300L), Map.entry("profile", 100L));
        assertThat(Files.readString(file)).contains("\"version\" : 1");
        assertThat(dir.resolve("requests.json.partial")).doesNotExist();
    }

    @Test
    void aFileOfAnotherVersionOrShapeSaysWhatWasExpected() throws Exception {
        Path file = dir.resolve("requests.json");
        Files.writeString(file, "{\"version\": 2, \"started\": {}}");
        assertThatThrownBy(() -> StartedRequestsFile.read(file)).hasMessage("expected \"version\": 1");

        Files.writeString(file, "{\"version\": 1, \"started\": [1]}");
        assertThatThrownBy(() -> StartedRequestsFile.read(file)).hasMessageContaining("\"started\": an object");

        Files.writeString(file, "{\"version\": 1, \"started\": {\"catalog\": -1}}");
        assertThatThrownBy(() -> StartedRequestsFile.read(file)).hasMessage("started count of 'catalog' is not a count: -1");
    }
}
