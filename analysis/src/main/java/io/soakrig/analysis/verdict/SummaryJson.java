package io.soakrig.analysis.verdict;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.soakrig.contract.RunLayout;
import io.soakrig.contract.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads and writes {@code summary.json}; writes replace the file atomically, never half-written,
 * and a write that fails (a full disk) leaves the previous file and no partial copy.
 */
public final class SummaryJson {
    public static final String FILE = RunLayout.SUMMARY;
    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private SummaryJson() {
    }

    public static Path write(Path runDir, Summary summary) throws IOException {
        return AtomicFiles.replace(RunLayout.of(runDir).summary(), partial -> MAPPER.writeValue(partial.toFile(), summary));
    }

    public static Summary read(Path runDir) throws IOException {
        return MAPPER.readValue(runDir.resolve(FILE).toFile(), Summary.class);
    }
}
