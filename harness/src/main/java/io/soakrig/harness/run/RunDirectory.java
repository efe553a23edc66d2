package io.soakrig.harness.run;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.soakrig.analysis.verdict.RunAnalyzer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The folder everything a run produces lands in, and the names of what is in it. One class owns
 * the layout so that {@code run} and {@code report} cannot disagree about it.
 */
public final class RunDirectory {
    public static final String MANIFEST = "run.json";
    public static final String PROFILE_COPY = "profile.yaml";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Path root;

    private RunDirectory(Path root) {
        this.root = root;
    }

    /** The default location: {@code <reportsRoot>/<profile>-<local timestamp>}. */
    public static Path defaultFor(Path reportsRoot, String profile, LocalDateTime now) {
        return reportsRoot.resolve(profile + "-" + STAMP.format(now));
    }

    /**
     * Creates {@code root} for a new run. An existing non-empty folder is refused: a run never
     * overwrites another run's recordings.
     */
    public static RunDirectory create(Path root) throws IOException {
        if (Files.isDirectory(root)) {
            try (var entries = Files.list(root)) {
                if (entries.findAny().isPresent()) {
                    throw new IOException("run directory " + root + " exists and is not empty; choose another --out");
                }
            }
        }
        Files.createDirectories(root);
        return new RunDirectory(root);
    }

    /** Opens the directory of an earlier run, which must hold a manifest. */
    public static RunDirectory open(Path root) throws IOException {
        if (!Files.isRegularFile(root.resolve(MANIFEST))) {
            throw new IOException(root + " is not a soakrig run directory (no " + MANIFEST + ")");
        }
        return new RunDirectory(root);
    }

    public Path root() {
        return root;
    }

    public Path profileCopy() {
        return root.resolve(PROFILE_COPY);
    }

    public Path latencyLog() {
        return root.resolve(RunAnalyzer.LATENCY_LOG);
    }

    public Path memorySamples() {
        return root.resolve(RunAnalyzer.MEMORY_SAMPLES);
    }

    /**
     * The run's manifest.
     *
     * @throws IOException naming {@code run.json} and what is wrong with it (not JSON, cut short,
     *                     without the profile or status every manifest is written with)
     */
    public RunManifest readManifest() throws IOException {
        Path file = root.resolve(MANIFEST);
        if (Files.isRegularFile(file) && Files.size(file) == 0) {
            throw new IOException(file + " is empty");
        }
        RunManifest manifest;
        try {
            manifest = JSON.readValue(file.toFile(), RunManifest.class);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new IOException(file + " is corrupt" + (at == null || at.getLineNr() < 1 ? ""
                    : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
                    + ": " + e.getOriginalMessage().lines().findFirst().orElse(""), e);
        }
        if (manifest == null || manifest.profile() == null || manifest.status() == null || manifest.status().state() == null) {
            throw new IOException(file + " is corrupt: it does not say which profile ran and how the run ended");
        }
        return manifest;
    }

    /** Replaces the manifest atomically: a kill never leaves it half-written. */
    public void writeManifest(RunManifest manifest) throws IOException {
        Path partial = root.resolve(MANIFEST + ".partial");
        JSON.writeValue(partial.toFile(), manifest);
        Files.move(partial, root.resolve(MANIFEST), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
