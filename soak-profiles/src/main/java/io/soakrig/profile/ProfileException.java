package io.soakrig.profile;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A profile could not be used. Carries every problem found, not only the first, so a user fixes
 * a profile in one round trip rather than one error per run.
 */
public final class ProfileException extends Exception {
    private final List<ProfileProblem> problems;

    public ProfileException(List<ProfileProblem> problems) {
        super(problems.stream().map(ProfileProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public ProfileException(ProfileProblem problem) {
        this(List.of(problem));
    }

    public List<ProfileProblem> problems() {
        return problems;
    }
}
