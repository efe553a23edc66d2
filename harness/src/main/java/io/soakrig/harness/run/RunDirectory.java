package io.soakrig.harness.run;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.soakrig.contract.RunLayout;
import io.soakrig.contract.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The folder everything a run produces lands in: claimed by one run at a time, its manifest read
 * and written, its recordings checked for what a kill or a full disk cut. Where each file is, is
 * {@link RunLayout}'s to say — the layout every process of the run shares.
 */
public final class RunDirectory {
    public static final String MANIFEST = RunLayout.MANIFEST;
    public static final String PROFILE_COPY = RunLayout.PROFILE_COPY;
    /** Present while a run owns the directory; created with CREATE_NEW, so only one run can. */
    public static final String LOCK = RunLayout.LOCK;
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
     * Creates {@code root} for a new run and claims it with {@value #LOCK}. An existing non-empty
     * folder is refused: a run never overwrites another run's recordings. Two runs started at once
     * on the same folder would both find it empty, so the claim is the lock file's atomic
     * creation: the run that loses it is refused and touches nothing.
     */
    public static RunDirectory create(Path root) throws IOException {
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new IOException("run directory " + root + " is a file, not a directory; choose another --out");
        }
        refuseIfNotEmpty(root);
        Files.createDirectories(root);
        Path lock = root.resolve(LOCK);
        try {
            Files.createFile(lock);
        } catch (FileAlreadyExistsException taken) {
            throw new IOException("run directory " + root + " is in use by another run (" + LOCK + " exists); choose another --out");
        }
        try {
            refuseIfNotEmpty(root);
        } catch (IOException e) {
            Files.deleteIfExists(lock);
            throw e;
        }
        return new RunDirectory(root);
    }

    private static void refuseIfNotEmpty(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> entries = Files.list(root)) {
            if (entries.anyMatch(e -> !e.getFileName().toString().equals(LOCK))) {
                throw new IOException("run directory " + root + " exists and is not empty; choose another --out");
            }
        }
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
        return layout().latencyLog();
    }

    public Path memorySamples() {
        return layout().memorySamples();
    }

    /** Where each file of the directory is. */
    public RunLayout layout() {
        return RunLayout.of(root);
    }

    /** Gives up the claim taken by {@link #create}: the run that owned the directory is over. */
    public void release() throws IOException {
        Files.deleteIfExists(root.resolve(LOCK));
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

    /** Replaces the manifest atomically: a kill never leaves it half-written, a full disk never leaves a partial copy. */
    public void writeManifest(RunManifest manifest) throws IOException {
        AtomicFiles.replace(layout().manifest(), partial -> JSON.writeValue(partial.toFile(), manifest));
    }

    /**
     * The size in bytes of every recording the verdict is judged from, by path relative to the
     * directory ({@code /}-separated): what the run leaves, for {@link #shortRecordings} to check.
     */
    public Map<String, Long> recordingSizes() throws IOException {
        Map<String, Long> sizes = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f) && RunLayout.RECORDINGS.contains(f.getFileName().toString())) {
                    sizes.put(relative(f), Files.size(f));
                }
            }
        }
        return sizes;
    }

    /**
     * What is missing from the recordings {@code recorded} says the run left: one line per file
     * that is gone or shorter than it was, none when all are there (or nothing was recorded).
     * A recording that ends early would be judged on part of the run, and what is cut is often
     * the end — where the failures and the leak are.
     */
    public List<String> shortRecordings(Map<String, Long> recorded) throws IOException {
        List<String> problems = new ArrayList<>();
        if (recorded == null) {
            return problems;
        }
        for (Map.Entry<String, Long> r : recorded.entrySet()) {
            Path file = root.resolve(r.getKey());
            if (!Files.isRegularFile(file)) {
                problems.add(r.getKey() + " is missing (the run left " + r.getValue() + " bytes)");
            } else if (Files.size(file) < r.getValue()) {
                problems.add(r.getKey() + " ends early: " + Files.size(file) + " of the " + r.getValue() + " bytes the run left");
            }
        }
        return problems;
    }

    private String relative(Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }
}
