package io.soakrig.profile;

import com.fasterxml.jackson.core.JsonPointer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a spec reports what is wrong with it: a collector of {@link Violation}s, each placed at the
 * key it is about as a JSON Pointer (which {@link ProfileLoader} turns into {@code file:line: key}).
 *
 * <p>Why a collector rather than exceptions: a user fixes a profile in one round trip only if every
 * problem is reported at once. Each spec's {@code check(Checks)} is handed the collector already
 * placed at the spec's own key, so a spec knows its rules but not where it sits in a file, and can
 * be checked in a unit test without any YAML. Binding problems (an unknown keyword, no alternative
 * or several) land in the same collector first; a rule about a value that could not even be read,
 * or about what contains it, is then not reported.
 */
public final class Checks {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /** A broken rule: where, and what is wrong and expected. */
    public record Violation(JsonPointer at, String message) {
        /** The key as a user reads it: {@code traffic.arrivals[1].constant.rate}. */
        public String key() {
            StringBuilder s = new StringBuilder();
            for (JsonPointer p = at; p != null && !p.matches(); p = p.tail()) {
                if (p.mayMatchElement()) {
                    s.append('[').append(p.getMatchingIndex()).append(']');
                } else {
                    if (!s.isEmpty()) {
                        s.append('.');
                    }
                    s.append(p.getMatchingProperty());
                }
            }
            return s.toString();
        }
    }

    private final List<Violation> violations;
    private final Set<JsonPointer> unreadable;
    private final JsonPointer at;

    private Checks(List<Violation> violations, Set<JsonPointer> unreadable, JsonPointer at) {
        this.violations = violations;
        this.unreadable = unreadable;
        this.at = at;
    }

    /** An empty collector placed at the document's root. */
    public static Checks root() {
        return new Checks(new ArrayList<>(), new HashSet<>(), JsonPointer.empty());
    }

    /** The same collector placed at the child {@code key}. */
    public Checks at(String key) {
        return new Checks(violations, unreadable, at.appendProperty(key));
    }

    /** The same collector placed at the element {@code index}. */
    public Checks at(int index) {
        return new Checks(violations, unreadable, at.appendIndex(index));
    }

    /** Every violation reported so far, in the order reported. */
    public List<Violation> violations() {
        return List.copyOf(violations);
    }

    /** The same collector placed at {@code where}. */
    Checks at(JsonPointer where) {
        return new Checks(violations, unreadable, where);
    }

    /**
     * Reports that the value here could not be bound at all (an unknown word, no alternative or
     * several); later rules about the same key are not reported. Always null, bound in its place.
     */
    <T> T unreadable(String message) {
        unreadable.add(at);
        violations.add(new Violation(at, message));
        return null;
    }

    /**
     * Reports a broken rule here, unless this value, or a part of it, could not be read at all (that
     * problem is reported already, and a rule about a value not read would guess). Always false,
     * so that {@code return checks.fail(...)} reads well.
     */
    public boolean fail(String message) {
        String here = at.toString();
        if (unreadable.stream().map(JsonPointer::toString).noneMatch(u -> u.equals(here) || u.startsWith(here + "/"))) {
            violations.add(new Violation(at, message));
        }
        return false;
    }

    /** @return whether the value is present; reports "is required" when it is not */
    public boolean require(Object value) {
        return value != null || fail("is required");
    }

    /** @return whether {@code min <= value <= max} */
    public boolean range(long value, long min, long max) {
        return (value >= min && value <= max) || fail("must be between " + min + " and " + max + ", was " + value);
    }

    /** @return whether the value, when present, is within {@code range} */
    public boolean within(Integer value, Limits.Range range) {
        return value == null || range(value, range.min(), range.max());
    }

    /** @return whether {@code d} is longer than zero */
    public boolean positive(Duration d) {
        return !(d.isZero() || d.isNegative()) || fail("must be longer than zero");
    }

    /** @return whether the duration is present and longer than zero */
    public boolean requirePositive(Duration d) {
        return require(d) && positive(d);
    }

    /** @return whether {@code d} is zero or longer */
    public boolean notNegative(Duration d) {
        return !d.isNegative() || fail("must not be negative");
    }

    /** @return whether {@code value} is a share of something, 0..1 */
    public boolean share(Double value) {
        return value == null || (value >= 0 && value <= 1) || fail("must be a share between 0 and 1, was " + value);
    }

    /** @return whether the value is present and a name of letters, digits, '.', '_' and '-' */
    public boolean identifier(String value) {
        if (!require(value)) {
            return false;
        }
        return IDENTIFIER.matcher(value).matches() || fail("use letters, digits, '.', '_' and '-', was '" + value + "'");
    }

    /** Whether {@code name} is usable as an identifier (a target, endpoint or region name). */
    static boolean isIdentifier(String name) {
        return name != null && IDENTIFIER.matcher(name).matches();
    }
}
