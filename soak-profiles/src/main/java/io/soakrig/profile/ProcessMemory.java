package io.soakrig.profile;

/**
 * A local process whose resident set size is read from {@code /proc}.
 *
 * @param pid the process id
 */
public record ProcessMemory(long pid) implements MemorySourceSpec {
    @Override
    public void check(Checks at) {
        if (pid < 1) {
            at.at("pid").fail("must be a process id, was " + pid);
        }
    }
}
