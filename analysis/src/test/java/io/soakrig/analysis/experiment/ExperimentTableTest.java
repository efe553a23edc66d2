package io.soakrig.analysis.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** One table of an experiment's cells, printed as text and handed to the report as rows: the same columns, the same figures. */
class ExperimentTableTest {
    private static final List<ExperimentCells.Cell> CELLS = List.of(
            new ExperimentCells.Cell("immediate-p0.50", "immediate", 0.5, null, null, 1000, new TreeMap<>(Map.of("client", 1.94, "backend", 1.95)),
                    95.2, 3.25, 0.251, null, null, Map.of(), Map.of()),
            new ExperimentCells.Cell("none-p0.50", "none", 0.5, null, null, 1000, Map.of("client", 1.0), 50.0, null, 0.5,
                    new IncidentOutcome(1, 0, 1, 12, 0.9, 4.5, 2.5, true), null, Map.of(), Map.of()));

    @Test
    void textAndReportRowsShowTheSameColumnsAndFigures() {
        ExperimentTable table = ExperimentTable.of(CELLS);

        assertThat(table.header()).containsExactly("retry", "failure", "x backend", "x client", "goodput/s", "p99 ms", "errors",
                "OOM kills", "crashes", "restarts", "shed", "available", "recovered", "peak x", "loop");
        List<Map<String, Object>> rows = table.asRows();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("retry", "immediate").containsEntry("x backend", "1.95").containsEntry("errors", "25.1%")
                .containsEntry("loop", "-");
        assertThat(rows.get(1)).containsEntry("x backend", "-").containsEntry("p99 ms", "-").containsEntry("recovered", "4.5 s")
                .containsEntry("loop", "broke");
        String[] lines = table.asText().split("\n");
        assertThat(lines).hasSize(3);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(lines[i + 1].trim().split(" +")).containsExactlyElementsOf(rows.get(i).values().stream().map(String::valueOf)
                    .flatMap(v -> java.util.Arrays.stream(v.split(" "))).toList());
        }
        assertThat(lines[0]).startsWith("  retry     failure");
    }

    @Test
    void systemVariantsShowWhetherEachEndpointKeptSucceedingAndHowFullRedisGot() {
        ExperimentTable table = ExperimentTable.of(List.of(
                new ExperimentCells.Cell("as-is-immediate", "immediate", null, null, null, 1000, Map.of("client", 3.1), 40.0, 5.0, 0.6,
                        null, "as-is", new TreeMap<>(Map.of("login", 0.0, "stream", 0.02)), Map.of("sessions", 1.004)),
                new ExperimentCells.Cell("ttl-immediate", "immediate", null, null, null, 1000, Map.of("client", 1.0), 100.0, 2.0, 0.0,
                        null, "ttl", new TreeMap<>(Map.of("login", 1.0, "stream", 1.0)), Map.of("sessions", 0.31))));

        assertThat(table.header()).containsExactly("variant", "retry", "x client", "goodput/s", "p99 ms", "errors",
                "login ok at end", "stream ok at end", "sessions peak");
        assertThat(table.labels()).isEqualTo(2);
        assertThat(table.asRows().get(0)).containsEntry("variant", "as-is").containsEntry("login ok at end", "0.0%")
                .containsEntry("sessions peak", "100.4%");
        assertThat(table.asRows().get(1)).containsEntry("variant", "ttl").containsEntry("login ok at end", "100.0%")
                .containsEntry("sessions peak", "31.0%");
    }
}
