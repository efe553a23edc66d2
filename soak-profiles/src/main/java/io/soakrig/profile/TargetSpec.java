package io.soakrig.profile;

import java.net.URI;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A service under test: a stub soakrig launches ({@link StubTarget}, written {@code stub: {…}}),
 * a running service it attaches to by URL ({@link UrlTarget}, written {@code url: …}) or a
 * container of the user's own image ({@link ContainerTarget}, written {@code container: {…}}).
 * Sealed, so a target is always exactly one kind; a new kind is a new record here and one line in
 * {@link Form}.
 */
public sealed interface TargetSpec permits StubTarget, UrlTarget, ContainerTarget {
    /** What to write when a target's keys make no kind, or several. */
    String ONE_KIND = "give exactly one of 'stub' (launch a target stub), 'url' (attach to a running service)"
            + " or 'container' (run your image)";

    /** Whether soakrig launches this target as stub processes (sampled through their admin port). */
    default boolean isStub() {
        return this instanceof StubTarget;
    }

    /** The stub this target launches. @throws IllegalStateException when it is not a {@link #isStub() stub} */
    default StubSpec stub() {
        throw new IllegalStateException("not a stub target: " + this);
    }

    /** Whether soakrig runs this target as a container (sampled through its engine). */
    default boolean isContainer() {
        return this instanceof ContainerTarget;
    }

    /** The container this target runs. @throws IllegalStateException when it is not a {@link #isContainer() container} */
    default ContainerSpec container() {
        throw new IllegalStateException("not a container target: " + this);
    }

    /** Checks this target, named {@code name}, placed at its key; references to other targets are {@link References}'. */
    void check(String name, Checks at);

    /** The keys a target may be written with. */
    record Form(StubSpec stub, URI url, MemorySourceSpec memory, ContainerSpec container) implements ProfileBinding.Form<TargetSpec> {
        @Override
        public TargetSpec choice(Checks at) {
            if (Stream.of(stub, url, container).filter(Objects::nonNull).count() != 1) {
                return at.unreadable(ONE_KIND);
            }
            if (stub != null && memory != null) {
                return at.at("memory").unreadable("a stub is sampled through its admin port; memory sources are for url targets");
            }
            if (container != null && memory != null) {
                return at.at("memory").unreadable("a container is sampled through its engine; memory sources are for url targets");
            }
            if (container != null) {
                return new ContainerTarget(container);
            }
            return stub != null ? new StubTarget(stub) : new UrlTarget(url, memory);
        }
    }

    /** Binds a target from its {@link Form}. */
    ProfileBinding.Alternatives<TargetSpec, Form> BINDING = new ProfileBinding.Alternatives<>(TargetSpec.class, Form.class);
}
