package io.soakrig.contract.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.soakrig.contract.events.EventDetail.ConfigPushed;
import io.soakrig.contract.events.EventDetail.Exited;
import io.soakrig.contract.events.EventDetail.OomKilled;
import io.soakrig.contract.events.EventDetail.RestartScheduled;
import io.soakrig.contract.events.EventDetail.SheddingStarted;
import io.soakrig.contract.events.EventDetail.SheddingStopped;
import io.soakrig.contract.events.EventDetail.StartFailed;
import io.soakrig.contract.events.EventDetail.Started;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunEventLogTest {
    /** A line as soakrig wrote it before events were typed (harness/src/test/resources/runs/smoke-noleak-6b88e81). */
    private static final String OLD_LINE = "{\"epochMillis\":1795947250670,\"target\":\"backend\",\"instance\":0,\"type\":\"STARTED\","
            + "\"detail\":{\"limitEnforcedBy\":\"none\",\"pid\":8570,\"port\":42321,\"limitBytes\":-1}}";

    @TempDir
    Path dir;

    private final List<RunEvent> everyKind = List.of(
            new RunEvent(1, "backend", 0, new Started(8570L, 42321, -1L, "none")),
            new RunEvent(2, "backend", 0, new Exited(8570L, 134, 5000L, null, 70_000_000L, 64_000_000L)),
            new RunEvent(3, "backend", 1, new OomKilled(8571L, 137, 4000L, "cgroup-v1", 64_000_000L, 64_000_000L)),
            new RunEvent(4, "backend", 1, new RestartScheduled(1000L, 2)),
            new RunEvent(5, "backend", 1, new StartFailed("port in use")),
            new RunEvent(6, "perimeter", 0, new ConfigPushed("user-tier,auth", 200, null)),
            new RunEvent(7, "perimeter", 0, new SheddingStarted()),
            new RunEvent(8, "perimeter", 0, new SheddingStopped(42)),
            new RunEvent(9, "api", 0, new EventDetail.MemorySourceChosen("jvm_memory_used_bytes{area=\"heap\"}",
                    "jvm_memory_max_bytes{area=\"heap\"}", "http://127.0.0.1:8080/metrics")));

    @Test
    void everyKindOfEventRoundTripsTyped() throws Exception {
        Path file = dir.resolve("events.jsonl");
        try (RunEventLog log = RunEventLog.append(file)) {
            everyKind.forEach(log::write);
        }

        assertThat(RunEventLog.read(file)).containsExactlyElementsOf(everyKind);
        assertThat(RunEventLog.read(file)).extracting(RunEvent::type).containsExactly(RunEvent.Type.values());
    }

    @Test
    void theTailReadsEachEventOnceAsItIsAppended() throws Exception {
        Path file = dir.resolve("events.jsonl");
        RunEventLog.Tail tail = new RunEventLog.Tail(file);
        assertThat(tail.poll()).isEmpty();
        try (RunEventLog log = RunEventLog.append(file)) {
            log.write(everyKind.get(0));
            assertThat(tail.poll()).containsExactly(everyKind.get(0));
            assertThat(tail.poll()).as("nothing new").isEmpty();
            everyKind.subList(1, everyKind.size()).forEach(log::write);
            Files.writeString(file, "{\"at\":17", java.nio.file.StandardOpenOption.APPEND);
            assertThat(tail.poll()).as("the rest, without the line still being written")
                    .containsExactlyElementsOf(everyKind.subList(1, everyKind.size()));
        }
    }

    @Test
    void aFileWrittenBeforeEventsWereTypedReadsTyped() throws Exception {
        Path file = dir.resolve("events.jsonl");
        Files.writeString(file, OLD_LINE + "\n");

        assertThat(RunEventLog.read(file)).containsExactly(new RunEvent(1795947250670L, "backend", 0, new Started(8570L, 42321, -1L, "none")));
    }

    @Test
    void aContainerStartCarriesItsIdAsAnOptionalFigureSoTheLogStaysVersionOne() throws Exception {
        Path file = dir.resolve("events.jsonl");
        RunEvent container = new RunEvent(1, "perimeter", 0, new Started(5209L, 37269, 201_326_592L, "container-engine", "01bddf8a4377"));
        try (RunEventLog log = RunEventLog.append(file)) {
            log.write(container);
            log.write(everyKind.get(0));
        }

        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).isEqualTo("{\"format\":\"soakrig-events\",\"version\":1}");
        assertThat(lines.get(1)).contains("\"containerId\":\"01bddf8a4377\"");
        assertThat(lines.get(2)).as("a process's start has no container id").doesNotContain("containerId");
        assertThat(RunEventLog.read(file)).containsExactly(container, everyKind.get(0));
    }

    @Test
    void linesKeepTheirShapeForReadersThatPredateTheTypes() throws Exception {
        Path file = dir.resolve("events.jsonl");
        try (RunEventLog log = RunEventLog.append(file)) {
            everyKind.forEach(log::write);
        }
        ObjectMapper json = JsonMapper.builder().build();
        List<OldEvent> old = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            try {
                old.add(json.readValue(line, OldEvent.class));
            } catch (IOException notAnEvent) {
                // what the old reader did with a line that is not an event: the header is skipped
            }
        }

        assertThat(old).hasSize(everyKind.size());
        assertThat(old.get(0)).isEqualTo(json.readValue(OLD_LINE, OldEvent.class).withEpochMillis(1).withPid(8570));
        assertThat(old.get(1).detail()).containsEntry("exitCode", 134).doesNotContainKey("killedBy");
        assertThat(old.get(5).detail()).containsEntry("filters", "user-tier,auth").containsEntry("status", 200).doesNotContainKey("error");
        assertThat(old.get(7).detail()).containsEntry("rejected", 42);
    }

    @Test
    void aNewFileStartsWithItsVersionAndAppendingDoesNotRepeatIt() throws Exception {
        Path file = dir.resolve("events.jsonl");
        try (RunEventLog log = RunEventLog.append(file)) {
            log.write(everyKind.get(0));
        }
        try (RunEventLog log = RunEventLog.append(file)) {
            log.write(everyKind.get(1));
        }

        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).isEqualTo("{\"format\":\"soakrig-events\",\"version\":1}");
        assertThat(lines).hasSize(3);
        assertThat(RunEventLog.read(file)).containsExactly(everyKind.get(0), everyKind.get(1));
    }

    @Test
    void aLineCutShortOrOfAnUnknownKindIsSkippedAndAnUnknownVersionIsNamed() throws Exception {
        Path file = dir.resolve("events.jsonl");
        Files.writeString(file, OLD_LINE + "\n{\"epochMillis\":2,\"target\":\"x\",\"instance\":0,\"type\":\"TELEPORTED\",\"detail\":{}}\n"
                + "\n{\"epochMillis\":3,\"tar");
        assertThat(RunEventLog.read(file)).hasSize(1);

        Files.writeString(file, "{\"format\":\"soakrig-events\",\"version\":9}\n" + OLD_LINE + "\n");
        assertThatThrownBy(() -> RunEventLog.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("version 1");
        Files.writeString(file, "", StandardOpenOption.TRUNCATE_EXISTING);
        assertThat(RunEventLog.read(file)).isEmpty();
        assertThat(RunEventLog.read(dir.resolve("absent.jsonl"))).isEmpty();
    }

    /** The event as analysis read it before the types: figures in a map. */
    record OldEvent(long epochMillis, String target, int instance, RunEvent.Type type, Map<String, Object> detail) {
        OldEvent withEpochMillis(long at) {
            return new OldEvent(at, target, instance, type, detail);
        }

        OldEvent withPid(int pid) {
            Map<String, Object> d = new java.util.LinkedHashMap<>(detail);
            d.put("pid", pid);
            return new OldEvent(epochMillis, target, instance, type, d);
        }
    }
}
