package io.soakrig.profile;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleDeserializers;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * How Jackson binds a profile's own types: durations as people write them, whole numbers strictly,
 * every {@link Keyword} enum by its word, and each sealed family of alternatives from the form a
 * user writes. Used by {@link ProfileLoader} and by {@link StubLaunch}.
 *
 * <p>A value that cannot be bound (an unknown word, no alternative or several) is reported to the
 * {@link Checks} given as the reader's attribute {@link #CHECKS}, at its key, and bound as null, so
 * that binding carries on and every problem of a file is reported at once; without that attribute
 * it is a Jackson error as usual.
 */
public final class ProfileBinding {
    /** The attribute under which a reader carries the {@link Checks} that binding problems go to. */
    public static final Class<Checks> CHECKS = Checks.class;

    private ProfileBinding() {
    }

    /** The modules binding whole numbers, and durations, keywords and alternatives. */
    public static List<Module> modules() {
        SimpleDeserializers deserializers = new SimpleDeserializers() {
            @Override
            public JsonDeserializer<?> findEnumDeserializer(Class<?> type, DeserializationConfig config, BeanDescription bean) {
                return Keyword.class.isAssignableFrom(type) ? new Keywords(type) : null;
            }
        };
        deserializers.addDeserializer(Duration.class, new ProfileDurations());
        deserializers.addDeserializer(TargetSpec.class, TargetSpec.BINDING);
        deserializers.addDeserializer(MemorySourceSpec.class, MemorySourceSpec.BINDING);
        deserializers.addDeserializer(ContainerSpec.HealthSpec.class, ContainerSpec.HealthSpec.BINDING);
        deserializers.addDeserializer(ArrivalStep.class, ArrivalStep.BINDING);
        SimpleModule profile = new SimpleModule("profile-types");
        profile.setDeserializers(deserializers);
        return List.of(WholeNumbers.module(), profile);
    }

    /**
     * Binds a value with {@code bind}, which reports what makes it unreadable to the checks it is
     * given, placed at the value's key: the reader's {@link #CHECKS}, or, without them, fresh ones
     * whose first problem becomes a Jackson error as usual.
     */
    static <T> T bind(JsonParser p, DeserializationContext ctxt, Binder<T> bind) throws IOException {
        JsonPointer where = p.getParsingContext().pathAsPointer();
        Checks given = ctxt.getAttribute(CHECKS) instanceof Checks c ? c : null;
        Checks at = (given != null ? given : Checks.root()).at(where);
        T value = bind.bind(at);
        if (given == null && !at.violations().isEmpty()) {
            return ctxt.reportInputMismatch(Object.class, "%s", at.violations().get(0).message());
        }
        return value;
    }

    /** Binds one value, reporting problems to {@code at}. */
    interface Binder<T> {
        T bind(Checks at) throws IOException;
    }

    /**
     * One of several alternatives, chosen by the keys a user wrote: a form record with a nullable
     * component per key is bound first, then {@link Form#choice()} turns it into the alternative,
     * or null when the keys do not make exactly one.
     */
    static final class Alternatives<T, F extends Form<T>> extends StdDeserializer<T> {
        private final Class<F> form;

        Alternatives(Class<T> type, Class<F> form) {
            super(type);
            this.form = form;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return bind(p, ctxt, at -> {
                F written = ctxt.readValue(p, form);
                return written == null ? null : written.choice(at);
            });
        }
    }

    /** The keys of a family of alternatives as written, each nullable. */
    interface Form<T> {
        /** The alternative these keys make; or null, having reported to {@code at} why they make none. */
        T choice(Checks at);
    }

    /** Reads a {@link Keyword} enum by its word. */
    private static final class Keywords extends StdDeserializer<Object> {
        Keywords(Class<?> type) {
            super(type);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return bind(p, ctxt, at -> {
                String written = p.getText();
                boolean scalar = p.currentToken().isScalarValue();
                if (p.currentToken().isStructStart()) {
                    p.skipChildren();
                }
                for (Object constant : handledType().getEnumConstants()) {
                    if (scalar && ((Keyword) constant).id().equals(written)) {
                        return constant;
                    }
                }
                return at.unreadable(Keyword.expected(handledType(), written));
            });
        }
    }
}
