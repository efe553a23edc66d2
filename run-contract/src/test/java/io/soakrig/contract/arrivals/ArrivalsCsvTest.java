package io.soakrig.contract.arrivals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.soakrig.contract.arrivals.ArrivalsCsv.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArrivalsCsvTest {
    @TempDir
    Path dir;

    @Test
    void rowsRoundTripAndAreReadableAsSoonAsFlushed() throws Exception {
        Path file = dir.resolve("arrivals.csv");
        try (ArrivalsCsv.Writer out = ArrivalsCsv.Writer.create(file)) {
            out.write(new Row(0, "eu", 29, 30));
            out.flush();
            assertThat(ArrivalsCsv.read(file)).contains(java.util.List.of(new Row(0, "eu", 29, 30)));
            out.write(new Row(1, "canary/eu", 67.5, 67));
        }

        assertThat(ArrivalsCsv.read(file).orElseThrow()).containsExactly(new Row(0, "eu", 29, 30), new Row(1, "canary/eu", 67.5, 67));
        assertThat(Files.readAllLines(file)).containsExactly("second,population,intended,started", "0,eu,29.000,30",
                "1,canary/eu,67.500,67");
    }

    @Test
    void columnsAreFoundByTheirNamesNotTheirPlaces() throws Exception {
        Path file = dir.resolve("arrivals.csv");
        Files.writeString(file, "population,started,second,intended\nall,30,0,29.000\n");

        assertThat(ArrivalsCsv.read(file).orElseThrow()).containsExactly(new Row(0, "all", 29, 30));
    }

    @Test
    void aLineCutShortByAKillEndsTheRows() throws Exception {
        Path file = dir.resolve("arrivals.csv");
        Files.writeString(file, ArrivalsCsv.HEADER + "\n0,all,29.000,30\n1,all,67.0");
        assertThat(ArrivalsCsv.read(file).orElseThrow()).containsExactly(new Row(0, "all", 29, 30));

        Files.writeString(file, "\n2,all,67.000,6x\n3,all,1.000,1\n", StandardOpenOption.APPEND);
        assertThat(ArrivalsCsv.read(file).orElseThrow()).containsExactly(new Row(0, "all", 29, 30));
    }

    @Test
    void aRunWithoutAnArrivalLogHasNoneAndAForeignHeaderIsNamed() throws Exception {
        assertThat(ArrivalsCsv.read(dir.resolve("arrivals.csv"))).isEmpty();

        Path file = dir.resolve("arrivals.csv");
        Files.writeString(file, "time,count\n0,1\n");
        assertThatThrownBy(() -> ArrivalsCsv.read(file)).hasMessageContaining(file.toString()).hasMessageContaining("time,count");
    }

    @Test
    void aHeaderCutShortIsAnEmptyLog() throws Exception {
        Path file = dir.resolve("arrivals.csv");
        Files.writeString(file, "second,popul");

        assertThat(ArrivalsCsv.read(file).orElseThrow()).isEmpty();
    }
}
