package io.soakrig.profile;

/**
 * A target soakrig runs as a container of the user's own image; its memory is sampled through the
 * container engine, so it takes no memory source.
 *
 * @param container the container to run
 */
public record ContainerTarget(ContainerSpec container) implements TargetSpec {
    @Override
    public void check(String name, Checks at) {
        container.check(at.at("container"));
    }
}
