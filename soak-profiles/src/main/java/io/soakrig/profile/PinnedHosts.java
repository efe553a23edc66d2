package io.soakrig.profile;

import io.soakrig.contract.SimulationLaunch;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The addresses each target host resolved to when the harness checked it against the allow-list,
 * fixed for the whole run.
 *
 * <p>Why: a check on a name is only as good as the next resolution of that name. A host that
 * answers 127.0.0.1 while it is checked and 10.0.0.1 a second later (DNS rebinding) would pass the
 * check and receive the load. So a run resolves each name once, checks those addresses, and every
 * process of the run connects to exactly them: the harness's own probes and memory scrapes through
 * {@link #address} and {@link #pin}, the Gatling simulation through the same mapping handed to
 * Gatling as host-name aliases. A host that was not checked has no address here, and asking for
 * one fails rather than resolving it.
 *
 * <p>The harness passes the mapping to the simulation JVM as the system property
 * {@value #PROPERTY}, written by {@link #encode} and read by {@link #decode}:
 * {@code host=address,address;host=address}. Host names are kept lower-case, as DNS compares them.
 *
 * @param byHost per host as a URL spells it (lower-case, IPv6 literals without brackets), the
 *               checked addresses in the order they resolved; none is empty
 */
public record PinnedHosts(Map<String, List<InetAddress>> byHost) {
    /** The system property that carries {@link #encode()} to the simulation JVM. */
    public static final String PROPERTY = SimulationLaunch.PINNED_HOSTS;
    /** No host pinned: only address literals can be connected to. */
    public static final PinnedHosts NONE = new PinnedHosts(Map.of());
    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    public PinnedHosts {
        Map<String, List<InetAddress>> copy = new LinkedHashMap<>();
        byHost.forEach((host, addresses) -> {
            if (addresses.isEmpty()) {
                throw new IllegalArgumentException("host '" + host + "' is pinned to no address");
            }
            copy.put(key(host), List.copyOf(addresses));
        });
        byHost = java.util.Collections.unmodifiableMap(copy);
    }

    /** The addresses {@code host} was checked at, or an exception if it was not checked. */
    public List<InetAddress> addresses(String host) {
        List<InetAddress> addresses = byHost.get(key(host));
        if (addresses == null) {
            throw new IllegalStateException("host '" + host + "' was not checked against the allow-list; refusing to resolve it");
        }
        return addresses;
    }

    /** The socket address a connection to {@code url} goes to: its host's first checked address. */
    public InetSocketAddress address(URI url) {
        return new InetSocketAddress(addresses(url.getHost()).get(0), url.getPort() >= 0 ? url.getPort() : 80);
    }

    /**
     * {@code url} with its host replaced by the first checked address, for clients that resolve
     * the host themselves (the JDK's {@code HttpClient}); path and query are kept. The request's
     * {@code Host} header then names the address, as it does when Prometheus scrapes a pod by IP.
     */
    public URI pin(URI url) {
        return pin(url, url.getPort());
    }

    /**
     * {@link #pin} with the port spelled out, 80 when {@code url} names none (as {@link #address}
     * takes it), for clients that read host and port literally: the stubs' upstream clients.
     */
    public URI pinWithPort(URI url) {
        return pin(url, url.getPort() >= 0 ? url.getPort() : 80);
    }

    private URI pin(URI url, int port) {
        try {
            return new URI(url.getScheme(), url.getUserInfo(), addresses(url.getHost()).get(0).getHostAddress(), port,
                    url.getPath(), url.getQuery(), url.getFragment());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot pin " + url + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether a client must look {@code host} up to connect to it: true for names, false for
     * dotted-quad IPv4 and bracketed or bare IPv6 literals, which are addresses already.
     */
    public static boolean isName(String host) {
        return !(IPV4_LITERAL.matcher(host).matches() || host.contains(":"));
    }

    /** Per host, its checked addresses as literals: Gatling's {@code hostNameAliases}. */
    public Map<String, List<String>> aliases() {
        Map<String, List<String>> aliases = new LinkedHashMap<>();
        byHost.forEach((host, addresses) -> aliases.put(host, addresses.stream().map(InetAddress::getHostAddress).toList()));
        return aliases;
    }

    /** {@code host=address,address;...}; empty for {@link #NONE}. */
    public String encode() {
        StringBuilder text = new StringBuilder();
        aliases().forEach((host, addresses) -> {
            if (!text.isEmpty()) {
                text.append(';');
            }
            text.append(host).append('=').append(String.join(",", addresses));
        });
        return text.toString();
    }

    /**
     * Reads {@link #encode()}'s text; null or blank is {@link #NONE}. Addresses must be literals:
     * nothing here ever resolves a name.
     */
    public static PinnedHosts decode(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        Map<String, List<InetAddress>> byHost = new LinkedHashMap<>();
        for (String entry : text.split(";")) {
            String[] hostAndAddresses = entry.split("=", 2);
            if (hostAndAddresses.length != 2 || hostAndAddresses[0].isBlank()) {
                throw new IllegalArgumentException(PROPERTY + ": expected host=address,..., got '" + entry + "'");
            }
            byHost.put(hostAndAddresses[0], Arrays.stream(hostAndAddresses[1].split(",")).map(PinnedHosts::literal).toList());
        }
        return new PinnedHosts(byHost);
    }

    private static InetAddress literal(String address) {
        if (isName(address)) {
            throw new IllegalArgumentException(PROPERTY + ": '" + address + "' is not an IP address");
        }
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(PROPERTY + ": '" + address + "' is not an IP address", e);
        }
    }

    private static String key(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return bare.toLowerCase(Locale.ROOT);
    }
}
