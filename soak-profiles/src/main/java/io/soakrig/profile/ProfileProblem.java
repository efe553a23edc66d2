package io.soakrig.profile;

/**
 * One thing wrong with a profile, located so that a user can go straight to it.
 *
 * @param file    the profile file as the user named it
 * @param line    1-based line, or 0 when the problem is the file as a whole
 * @param key     dotted path of the offending key ({@code traffic.arrivals[1].constant.rate}),
 *                empty when the problem is the file as a whole
 * @param message what is wrong and what is expected
 */
public record ProfileProblem(String file, int line, String key, String message) {

    /** {@code file:line: key: message}, the shape compilers use so editors can jump to it. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(file);
        if (line > 0) {
            s.append(':').append(line);
        }
        s.append(": ");
        if (!key.isEmpty()) {
            s.append(key).append(": ");
        }
        return s.append(message).toString();
    }
}
