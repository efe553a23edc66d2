package io.soakrig.profile;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;

/**
 * Integer settings ({@code heapMb}, {@code weight}, {@code instances}, {@code payloadBytes},
 * {@code maxHeapSizeBytes}, ...) read as integers only.
 *
 * <p>Jackson truncates {@code 128.5} to {@code 128} by default, so a profile saying one thing
 * would run another. A number written with a fraction or an exponent ({@code 1e3}) is refused
 * with the text as written; every other input goes to Jackson's own integer deserializer, so
 * ranges, nulls and strings are judged as before.
 */
final class WholeNumbers<T> extends StdScalarDeserializer<T> {
    private final JsonDeserializer<T> standard;

    private WholeNumbers(Class<T> type, JsonDeserializer<T> standard) {
        super(type);
        this.standard = standard;
    }

    /** The deserializers for {@code int}, {@code Integer}, {@code long} and {@code Long}. */
    static SimpleModule module() {
        return new SimpleModule("profile-whole-numbers")
                .addDeserializer(Integer.class, new WholeNumbers<>(Integer.class, new NumberDeserializers.IntegerDeserializer(Integer.class, null)))
                .addDeserializer(Integer.TYPE, new WholeNumbers<>(Integer.TYPE, new NumberDeserializers.IntegerDeserializer(Integer.TYPE, 0)))
                .addDeserializer(Long.class, new WholeNumbers<>(Long.class, new NumberDeserializers.LongDeserializer(Long.class, null)))
                .addDeserializer(Long.TYPE, new WholeNumbers<>(Long.TYPE, new NumberDeserializers.LongDeserializer(Long.TYPE, 0L)));
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
            return ctxt.reportInputMismatch(this, "must be a whole number, was %s", p.getText());
        }
        return standard.deserialize(p, ctxt);
    }

    @Override
    public T getNullValue(DeserializationContext ctxt) throws JsonMappingException {
        return standard.getNullValue(ctxt);
    }
}
