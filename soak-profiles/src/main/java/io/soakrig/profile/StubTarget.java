package io.soakrig.profile;

/**
 * A target soakrig launches as stub processes; their memory is sampled through each stub's admin
 * port, so it takes no memory source.
 *
 * @param stub the stub to launch
 */
public record StubTarget(StubSpec stub) implements TargetSpec {
    @Override
    public void check(String name, Checks at) {
        stub.check(at.at("stub"));
    }
}
