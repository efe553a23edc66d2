package io.soakrig.profile;

import java.net.URI;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The rule for every address soakrig sends traffic to (a URL target, a Prometheus memory source,
 * a stub's upstream): an {@code http://} URL whose host is a name or an address in its one
 * canonical spelling.
 *
 * <p>Why the spelling matters: {@code 127.1}, {@code 0x7f000001}, {@code 2130706433} and
 * {@code 0177.0.0.1} are all 127.0.0.1 to the C library's {@code inet_aton}, while the JDK reads
 * some of them as addresses, some as host names to look up and refuses others, and URI parsers
 * disagree again. An allow-list check and the client that connects must read a host the same way,
 * so an IPv4 address is accepted only as four decimal parts without leading zeros. No DNS name can
 * be spelt this way (a top-level label is never all digits), so nothing legitimate is lost.
 */
public final class HttpUrls {
    private static final Pattern NUMERIC_LABELS = Pattern.compile("(?i)(0x[0-9a-f]*|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]+))*\\.?");
    private static final Pattern CANONICAL_PART = Pattern.compile("0|[1-9][0-9]{0,2}");

    private HttpUrls() {
    }

    /** The scheme of a Redis target's URL: {@code redis://[:PASSWORD@]HOST[:PORT]}. */
    public static final String REDIS_SCHEME = "redis";

    /** What is wrong with {@code url} as a traffic destination, or empty when it is a usable http:// URL. */
    public static Optional<String> problem(URI url) {
        return problem(url, "http");
    }

    /**
     * What is wrong with {@code url} as an address soakrig connects to: an http:// URL, or a Redis
     * target's redis:// URL, its host under the same rule.
     */
    public static Optional<String> targetProblem(URI url) {
        return problem(url, REDIS_SCHEME.equals(url.getScheme()) ? REDIS_SCHEME : "http");
    }

    private static Optional<String> problem(URI url, String scheme) {
        String host = host(url);
        if (host != null && NUMERIC_LABELS.matcher(host).matches() && !isCanonicalIpv4(host)) {
            return Optional.of(nonCanonical(host));
        }
        if (!scheme.equals(url.getScheme()) || url.getHost() == null) {
            return Optional.of("must be an " + scheme + ":// URL with a host, was '" + redacted(url) + "'");
        }
        if (REDIS_SCHEME.equals(scheme) && (url.getRawPath() != null && !url.getRawPath().isEmpty() && !"/".equals(url.getRawPath())
                || url.getRawQuery() != null)) {
            return Optional.of("a redis:// URL is redis://[:PASSWORD@]HOST[:PORT] (database 0), was '" + redacted(url) + "'");
        }
        return Optional.empty();
    }

    private static final Pattern REDIS_USER_INFO = Pattern.compile("(?i)(redis://)[^@/\\s\"'\\]},]*@");

    /**
     * {@code text} (a profile as written) with every {@code redis://} URL's user information, which
     * holds its password, replaced as {@link #redacted} does: the copy a run directory keeps of its
     * profile must not carry a password, and line numbers stay as the user wrote them.
     */
    public static String withoutRedisPasswords(String text) {
        return REDIS_USER_INFO.matcher(text).replaceAll("$1***@");
    }

    /** The URL without its user information, which holds a Redis password: messages never show it. */
    public static String redacted(URI url) {
        return url.getRawUserInfo() == null ? url.toString() : url.toString().replace(url.getRawUserInfo() + "@", "***@");
    }

    /**
     * The host as written, also where {@link URI#getHost()} gives up ({@code http://127.1:80} has
     * no host to the JDK, whose parser wants a letter in the last label); null when there is none.
     */
    static String host(URI url) {
        if (url.getHost() != null) {
            return url.getHost();
        }
        String authority = url.getRawAuthority();
        if (authority == null) {
            return null;
        }
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        String host = hostPort.startsWith("[") ? hostPort.substring(0, hostPort.indexOf(']') + 1)
                : hostPort.replaceFirst(":[0-9]*$", "");
        return host.isEmpty() ? null : host;
    }

    private static boolean isCanonicalIpv4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (!CANONICAL_PART.matcher(part).matches() || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    private static String nonCanonical(String host) {
        boolean trailingDot = host.endsWith(".");
        OptionalLong address = inetAton(trailingDot ? host.substring(0, host.length() - 1) : host);
        if (address.isEmpty()) {
            return "host '" + host + "' is not an IPv4 address (write four decimal parts 0..255, e.g. 127.0.0.1)"
                    + " and, all numeric, cannot be a host name";
        }
        long a = address.getAsLong();
        String dotted = (a >>> 24) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
        if (trailingDot) {
            return "host '" + host + "' is an IPv4 address with a trailing dot, which resolvers read differently"
                    + " (as " + dotted + ", or as a host name to look up); write " + dotted;
        }
        return "host '" + host + "' is a non-canonical IPv4 literal, which resolvers read differently (the C library's"
                + " inet_aton reads " + dotted + ", others a host name or nothing); write " + dotted;
    }

    /** The address the C library's {@code inet_aton} reads from {@code host}, or empty where it reads none. */
    private static OptionalLong inetAton(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length > 4) {
            return OptionalLong.empty();
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].toLowerCase(java.util.Locale.ROOT);
            try {
                values[i] = p.startsWith("0x") ? Long.parseLong(p.substring(2), 16)
                        : p.length() > 1 && p.startsWith("0") ? Long.parseLong(p.substring(1), 8)
                        : Long.parseLong(p);
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }
        long address = 0;
        for (int i = 0; i < values.length - 1; i++) {
            if (values[i] > 255) {
                return OptionalLong.empty();
            }
            address |= values[i] << (24 - 8 * i);
        }
        long last = values[values.length - 1];
        if (last >= 1L << (32 - 8 * (values.length - 1))) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(address | last);
    }
}
