package io.soakrig.profile;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A closed set of words a profile may write for a setting ({@code always}, {@code full-jitter},
 * {@code v3.2.1}, {@code user-tier}...): implemented by enums, so that a bound profile can only hold
 * a known one. {@link ProfileBinding} reads every such enum by its {@link #id()} and names the
 * known words when a profile writes another; Jackson writes it as its id.
 */
public interface Keyword {
    /** The word as profiles write it: by default the constant's name in lower case, '_' written '-'. */
    @JsonValue
    default String id() {
        return ((Enum<?>) this).name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The constant of {@code type} written {@code id}. @throws IllegalArgumentException listing the known words */
    static <E extends Enum<E> & Keyword> E of(Class<E> type, String id) {
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(expected(type, id)));
    }

    /** "must be one of [a, b, c], was 'x'", or "must be a or b, was 'x'" for two words. */
    static String expected(Class<?> type, String written) {
        List<String> ids = Arrays.stream(type.getEnumConstants()).map(e -> ((Keyword) e).id()).toList();
        String choices = ids.size() == 2 ? ids.get(0) + " or " + ids.get(1) : "one of " + ids;
        return "must be " + choices + ", was '" + written + "'";
    }
}
