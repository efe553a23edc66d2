package io.soakrig.profile;

/**
 * One route of a perimeter: a request whose path starts with {@code prefix} goes to {@code cluster};
 * the first matching route wins.
 *
 * @param prefix  path prefix, starting with '/'
 * @param cluster the upstream's target name, one of the perimeter's upstreams
 */
public record Route(String prefix, String cluster) {
}
