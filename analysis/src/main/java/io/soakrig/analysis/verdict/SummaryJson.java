package io.soakrig.analysis.verdict;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Reads and writes {@code summary.json}; writes replace the file atomically, never half-written,
 * and a write that fails (a full disk) leaves the previous file and no partial copy.
 */
public final class SummaryJson {
    public static final String FILE = "summary.json";
    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private SummaryJson() {
    }

    public static Path write(Path runDir, Summary summary) throws IOException {
        Path target = runDir.resolve(FILE);
        Path partial = runDir.resolve(FILE + ".partial");
        try {
            MAPPER.writeValue(partial.toFile(), summary);
            return Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    public static Summary read(Path runDir) throws IOException {
        return MAPPER.readValue(runDir.resolve(FILE).toFile(), Summary.class);
    }
}
