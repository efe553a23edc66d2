package io.soakrig.profile;

import java.net.URI;

/**
 * A service under test: a stub soakrig launches ({@link StubTarget}, written {@code stub: {…}}) or
 * a running service it attaches to by URL ({@link UrlTarget}, written {@code url: …}). Sealed, so
 * a target is always exactly one kind; a new kind is a new record here and one line in
 * {@link Form}.
 */
public sealed interface TargetSpec permits StubTarget, UrlTarget {

    /** Whether soakrig launches this target as stub processes (sampled through their admin port). */
    default boolean isStub() {
        return this instanceof StubTarget;
    }

    /** The stub this target launches. @throws IllegalStateException when it is not a {@link #isStub() stub} */
    default StubSpec stub() {
        throw new IllegalStateException("not a stub target: " + this);
    }

    /** Checks this target, named {@code name}, placed at its key; references to other targets are {@link References}'. */
    void check(String name, Checks at);

    /** The keys a target may be written with. */
    record Form(StubSpec stub, URI url, MemorySourceSpec memory) implements ProfileBinding.Form<TargetSpec> {
        @Override
        public TargetSpec choice(Checks at) {
            if ((stub == null) == (url == null)) {
                return at.unreadable("give exactly one of 'stub' (launch a target stub) or 'url' (attach to a running service)");
            }
            if (stub != null && memory != null) {
                return at.at("memory").unreadable("a stub is sampled through its admin port; memory sources are for url targets");
            }
            return stub != null ? new StubTarget(stub) : new UrlTarget(url, memory);
        }
    }

    /** Binds a target from its {@link Form}. */
    ProfileBinding.Alternatives<TargetSpec, Form> BINDING = new ProfileBinding.Alternatives<>(TargetSpec.class, Form.class);
}
