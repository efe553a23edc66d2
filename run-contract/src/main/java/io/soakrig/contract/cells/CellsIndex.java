package io.soakrig.contract.cells;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.soakrig.contract.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code cells.json}: an experiment's cells as played, in play order, rewritten after each cell
 * so that a killed experiment still says which cells it finished:
 * <pre>{@code {"version": 2, "cells": [{"id": "r0-f0", "retry": "none", ..., "startMillis": …, "endMillis": …}]}}</pre>
 * Version 1 was the bare array of cells; it still reads. Each cell's recordings are in its own
 * folder ({@link io.soakrig.contract.RunLayout#cell(String)}).
 */
public final class CellsIndex {
    public static final int VERSION = 2;
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private CellsIndex() {
    }

    /**
     * A cell as played: its id (its folder under {@code cells/}), its settings (null where the
     * experiment has no such dimension), its time span, and when its incident was pushed and to
     * which targets (null without one). {@code variant} names the system variant the cell ran
     * (null where the experiment has none); files written before it existed read it as null.
     */
    public record Played(String id, String retry, Double failure, String memory, Integer instances, long startMillis,
                         long endMillis, Long incidentMillis, List<String> incidentTargets, String variant) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    private record Index(int version, List<Played> cells) {
    }

    /** Rewrites {@code file} atomically, so a reader never sees half of it. */
    public static void write(Path file, List<Played> played) throws IOException {
        AtomicFiles.replace(file, partial -> JSON.writeValue(partial.toFile(), new Index(VERSION, List.copyOf(played))));
    }

    /**
     * The cells of {@code file} in play order; empty when there is no file (the run was not an experiment).
     *
     * @throws IOException when the file is not a cells index of a version this reader knows
     */
    public static List<Played> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        JsonNode root = JSON.readTree(file.toFile());
        JsonNode cells = root != null && root.isArray() ? root : root != null && root.path("version").asInt() == VERSION ? root.get("cells") : null;
        if (cells == null || !cells.isArray()) {
            throw new IOException(file + ": expected {\"version\": " + VERSION + ", \"cells\": [...]}");
        }
        try {
            return JSON.convertValue(cells, new TypeReference<List<Played>>() { });
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }
}
