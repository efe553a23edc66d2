package io.soakrig.profile;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads profile durations written the way people write them: {@code 250ms}, {@code 30s},
 * {@code 5m}, {@code 2h}, optionally fractional ({@code 1.5h}). A bare number is refused rather
 * than guessed at, because "30" means seconds to one reader and milliseconds to another.
 */
final class ProfileDurations extends StdScalarDeserializer<Duration> {
    private static final Pattern FORMAT = Pattern.compile("(-?\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

    ProfileDurations() {
        super(Duration.class);
    }

    static Duration parse(String text) {
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a duration such as 250ms, 30s, 5m or 2h, was '" + text + "'");
        }
        double amount = Double.parseDouble(m.group(1));
        double unitNanos = switch (m.group(2)) {
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            default -> 3600e9;
        };
        return Duration.ofNanos(Math.round(amount * unitNanos));
    }

    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            return (Duration) ctxt.handleUnexpectedToken(Duration.class, p.currentToken(), p,
                    "expected a duration such as 250ms, 30s, 5m or 2h, was '%s'", p.getText());
        }
        try {
            return parse(p.getText());
        } catch (IllegalArgumentException e) {
            return (Duration) ctxt.handleWeirdStringValue(Duration.class, p.getText(), e.getMessage());
        }
    }
}
