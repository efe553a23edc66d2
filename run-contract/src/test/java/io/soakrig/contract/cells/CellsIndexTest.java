package io.soakrig.contract.cells;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.soakrig.contract.cells.CellsIndex.Played;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CellsIndexTest {
    @TempDir
    Path dir;

    private final Played first = new Played("immediate-p0.50", "immediate", 0.5, null, null, 10_000, 20_000, null, null, null);
    private final Played second = new Played("none-x2", "none", null, "small", 2, 21_000, 31_000, 25_000L, List.of("perimeter"), null);

    @Test
    void cellsRoundTripInPlayOrderUnderAVersion() throws Exception {
        Path file = dir.resolve("cells.json");
        CellsIndex.write(file, List.of(first, second));

        assertThat(CellsIndex.read(file)).containsExactly(first, second);
        assertThat(Files.readString(file)).contains("\"version\" : 2");
    }

    @Test
    void anIndexWrittenBeforeTheVersionAsABareArrayStillReads() throws Exception {
        Path file = dir.resolve("cells.json");
        Files.writeString(file, "[ {\"id\" : \"immediate-p0.50\", \"retry\" : \"immediate\", \"failure\" : 0.5, \"memory\" : null,"
                + " \"instances\" : null, \"startMillis\" : 10000, \"endMillis\" : 20000, \"incidentMillis\" : null,"
                + " \"incidentTargets\" : null } ]");

        assertThat(CellsIndex.read(file)).containsExactly(first);
    }

    @Test
    void noIndexIsNoCellsAndAnUnknownVersionIsNamed() throws Exception {
        Path file = dir.resolve("cells.json");
        assertThat(CellsIndex.read(file)).isEmpty();

        Files.writeString(file, "{\"version\": 3, \"cells\": []}");
        assertThatThrownBy(() -> CellsIndex.read(file)).hasMessageContaining(file.toString()).hasMessageContaining("\"version\": 2");
    }
}
