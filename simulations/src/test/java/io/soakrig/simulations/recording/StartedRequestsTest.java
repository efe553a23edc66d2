package io.soakrig.simulations.recording;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.soakrig.contract.RunLayout;
import io.soakrig.contract.requests.StartedRequestsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartedRequestsTest {
    @TempDir
    Path dir;

    @Test
    void everyStartIsCountedPerTagAcrossThreadsAndWrittenAsVersionedJson() throws Exception {
        StartedRequests started = new StartedRequests();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 4; i++) {
            threads.execute(() -> {
                for (int n = 0; n < 10_000; n++) {
                    started.started(n % 4 == 0 ? "canary/profile" : "catalog");
                }
            });
        }
        threads.shutdown();
        assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        started.write(dir);

        JsonNode written = JsonMapper.builder().build().readTree(dir.resolve(RunLayout.REQUESTS).toFile());
        assertThat(written.get("version").asInt()).isEqualTo(StartedRequestsFile.VERSION);
        assertThat(written.get("started").get("catalog").asLong()).isEqualTo(30_000);
        assertThat(written.get("started").get("canary/profile").asLong()).isEqualTo(10_000);
        assertThat(dir.resolve(RunLayout.REQUESTS + ".partial")).doesNotExist();
        assertThat(Files.readString(dir.resolve(RunLayout.REQUESTS))).as("the version first").startsWith("{\n  \"version\" : 1,");
    }

    @Test
    void writingAgainReplacesTheCounts() throws Exception {
        StartedRequests started = new StartedRequests();
        started.started("catalog");
        started.write(dir);
        started.started("catalog");
        started.write(dir);

        assertThat(Files.readString(dir.resolve(RunLayout.REQUESTS))).contains("\"catalog\" : 2");
    }
}
