package io.soakrig.profile;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a profile file strictly and validates it, or explains precisely why it cannot.
 *
 * <p>Strict means: an unknown or duplicated key is an error (a misspelt gate must not silently
 * disable itself), numbers are not accepted as strings and vice versa, an integer setting written
 * as a fraction ({@code heapMb: 128.5}) is refused rather than truncated, and every problem is
 * reported with the file, the line and the dotted key. Nothing is started by loading; callers can
 * rely on a returned profile being valid. Problems are listed in file order.
 */
public final class ProfileLoader {
    private final ObjectMapper mapper;

    public ProfileLoader() {
        YAMLFactory factory = YAMLFactory.builder()
                .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        YAMLMapper yaml = YAMLMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .addModules(ProfileBinding.modules())
                .build();
        for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            yaml.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        yaml.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        yaml.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        this.mapper = yaml;
    }

    /**
     * Loads and validates {@code file}.
     *
     * @throws ProfileException naming file, line and key of every problem found
     */
    public Profile load(Path file) throws ProfileException {
        return load(file, (profile, checks) -> { });
    }

    /**
     * Loads and validates {@code file}, also by {@code machineRules}: rules that depend on where
     * the profile runs rather than on the file alone (a class on the run's classpath), reported
     * like every other problem, with file, line and key. They see only a profile valid on its own.
     *
     * @throws ProfileException naming file, line and key of every problem found
     */
    public Profile load(Path file, java.util.function.BiConsumer<Profile, Checks> machineRules) throws ProfileException {
        String shown = file.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ProfileException(new ProfileProblem(shown, 0, "", "no such profile file"));
        } catch (IOException e) {
            throw new ProfileException(new ProfileProblem(shown, 0, "", "cannot read the profile: " + e));
        }
        KeyLines lines;
        try {
            lines = KeyLines.index(mapper.getFactory(), bytes);
        } catch (JsonProcessingException e) {
            throw new ProfileException(problemOf(shown, e, null));
        } catch (IOException e) {
            throw new ProfileException(new ProfileProblem(shown, 0, "", "cannot read the profile: " + e));
        }
        if (lines.isEmpty()) {
            throw new ProfileException(new ProfileProblem(shown, 1, "", "the profile is empty"));
        }
        Checks checks = Checks.root();
        Profile profile;
        try {
            profile = mapper.readerFor(Profile.class).withAttribute(ProfileBinding.CHECKS, checks).readValue(bytes);
        } catch (JsonProcessingException e) {
            throw new ProfileException(problemOf(shown, e, lines));
        } catch (IOException e) {
            throw new ProfileException(new ProfileProblem(shown, 0, "", "cannot read the profile: " + e));
        }
        profile.check(checks);
        if (checks.violations().isEmpty()) {
            machineRules.accept(profile, checks);
        }
        if (!checks.violations().isEmpty()) {
            throw new ProfileException(checks.violations().stream()
                    .map(v -> new ProfileProblem(shown, lines.lineOf(v.at()), v.key(), v.message()))
                    .sorted(java.util.Comparator.comparingInt(ProfileProblem::line))
                    .toList());
        }
        return profile;
    }

    /**
     * Syntax errors carry their own location; binding errors carry a path, whose line is taken
     * from the key index because Jackson's location there is where the parser stopped, often the
     * line after the offending key.
     */
    private static ProfileProblem problemOf(String file, JsonProcessingException e, KeyLines lines) {
        JsonLocation where = e.getLocation();
        int line = where == null ? 0 : Math.max(where.getLineNr(), 0);
        String key = "";
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            key = dotted(m.getPath());
            if (lines != null) {
                line = lines.lineOf(pointer(m.getPath()));
            }
        }
        return new ProfileProblem(file, line, key, e.getOriginalMessage());
    }

    private static JsonPointer pointer(List<JsonMappingException.Reference> path) {
        JsonPointer p = JsonPointer.empty();
        for (JsonMappingException.Reference ref : path) {
            p = ref.getFieldName() != null ? p.appendProperty(ref.getFieldName()) : p.appendIndex(ref.getIndex());
        }
        return p;
    }

    private static String dotted(List<JsonMappingException.Reference> path) {
        StringBuilder s = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                if (!s.isEmpty()) {
                    s.append('.');
                }
                s.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                s.append('[').append(ref.getIndex()).append(']');
            }
        }
        return s.toString();
    }

}
