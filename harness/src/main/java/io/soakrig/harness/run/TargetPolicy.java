package io.soakrig.harness.run;

import io.soakrig.profile.HttpUrls;
import io.soakrig.profile.PinnedHosts;
import io.soakrig.profile.Profile;
import io.soakrig.profile.PrometheusMemory;
import io.soakrig.profile.RedisUrlTarget;
import io.soakrig.profile.UrlTarget;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where soakrig may send traffic: loopback, and hosts the user named with {@code --allow-host}.
 *
 * <p>The check is made on resolved addresses, so a name that resolves somewhere else is judged
 * by where it goes, not by how it is spelt: {@code localhost} is fine because it resolves to
 * loopback, {@code evil.example} pointing at 127.0.0.1 too; a host resolving to any non-loopback
 * address needs the user's explicit permission, given by name or by address.
 *
 * <p>Each host is resolved once, here, and the addresses that passed are {@link Decision#pinned()
 * pinned} for the run: the harness and the load generator connect to them and never resolve the
 * name again, so a name that answers differently later (DNS rebinding) cannot move the traffic.
 * Addresses are compared as addresses, not as text: an IPv4-mapped IPv6 address such as
 * {@code ::ffff:10.0.0.1} is the IPv4 address it maps, and is judged (and allowed) as such.
 */
public final class TargetPolicy {
    private final Set<String> allowed;

    public TargetPolicy(List<String> allowHosts) {
        this.allowed = allowHosts.stream().map(TargetPolicy::canonical).collect(Collectors.toSet());
    }

    /**
     * What the check found: every problem with the profile's URL targets and memory sources
     * (empty when all may be connected to), and the addresses the allowed hosts resolved to.
     */
    public record Decision(List<String> violations, PinnedHosts pinned) {
    }

    /** Every problem with the profile's URL targets; empty when all may receive traffic. */
    public List<String> violations(Profile profile) {
        return check(profile).violations();
    }

    /** Resolves and checks every URL of the profile once; see {@link Decision}. */
    public Decision check(Profile profile) {
        List<String> problems = new ArrayList<>();
        Map<String, List<InetAddress>> pinned = new LinkedHashMap<>();
        profile.targets().forEach((name, target) -> {
            if (target instanceof RedisUrlTarget redis) {
                String problem = check(redis.url(), pinned);
                if (problem != null) {
                    problems.add("target " + name + ": " + problem);
                }
            }
            if (!(target instanceof UrlTarget url)) {
                return;
            }
            String problem = check(url.url(), pinned);
            if (problem != null) {
                problems.add("target " + name + ": " + problem);
            }
            if (url.memory() instanceof PrometheusMemory memory) {
                problem = check(memory.prometheus(), pinned);
                if (problem != null) {
                    problems.add("target " + name + " memory source: " + problem);
                }
            }
        });
        return new Decision(problems, new PinnedHosts(pinned));
    }

    /** The problem with {@code url}'s host, or null after pinning its addresses in {@code pinned}. */
    private String check(URI url, Map<String, List<InetAddress>> pinned) {
        String host = url.getHost();
        if (host != null && pinned.containsKey(bare(host).toLowerCase(Locale.ROOT))) {
            return null;
        }
        Admission admission = admit(url);
        if (admission instanceof Admission.Refused refused) {
            return refused.reason();
        }
        pinned.put(bare(host).toLowerCase(Locale.ROOT), ((Admission.Admitted) admission).addresses());
        return null;
    }

    /**
     * What the policy says about sending traffic to {@code url}: the addresses its host resolved to
     * and passed at, or why not. A caller that connects itself (a stub's upstream) connects to the
     * admitted addresses rather than resolving the name again, which could answer differently.
     */
    public Admission admit(URI url) {
        Optional<String> malformed = HttpUrls.targetProblem(url);
        if (malformed.isPresent()) {
            return new Admission.Refused(malformed.get());
        }
        String host = url.getHost();
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return new Admission.Refused("host '" + host + "' does not resolve" + trailingDotHint(host));
        }
        if (!allowed.contains(canonical(host))) {
            for (InetAddress a : addresses) {
                if (!a.isLoopbackAddress() && !allowed.contains(a.getHostAddress())) {
                    return new Admission.Refused("host '" + host + "' resolves to " + a.getHostAddress()
                            + ", which is not loopback; pass --allow-host " + host + " to send traffic there");
                }
            }
        }
        return new Admission.Admitted(List.of(addresses));
    }

    /** Why {@code localhost.} fails where {@code localhost} works: the dot makes it another name to the resolver. */
    private static String trailingDotHint(String host) {
        if (!host.endsWith(".") || host.length() == 1) {
            return "";
        }
        String without = host.substring(0, host.length() - 1);
        try {
            InetAddress.getAllByName(without);
        } catch (UnknownHostException e) {
            return "";
        }
        return ", though '" + without + "' does: with its trailing dot it is a fully-qualified name, which this machine's"
                + " resolver looks up differently; write '" + without + "'";
    }

    /** The policy's answer for one URL: traffic may go to these addresses, or it is refused and why. */
    public sealed interface Admission {
        /** Allowed: the addresses the host resolved to when it was checked, none empty. */
        record Admitted(List<InetAddress> addresses) implements Admission {
            public Admitted {
                if (addresses.isEmpty()) {
                    throw new IllegalArgumentException("an admitted host resolves to at least one address");
                }
                addresses = List.copyOf(addresses);
            }
        }

        /** Refused, with the reason in words a user can act on. */
        record Refused(String reason) implements Admission {
        }
    }

    /**
     * A host as it is compared: lower-case, an IPv6 literal without brackets, and an address
     * literal in the JDK's canonical text ({@code ::ffff:10.0.0.1} → {@code 10.0.0.1}) so that an
     * address is allowed however it is spelt. Names are never resolved here.
     */
    private static String canonical(String host) {
        String bare = bare(host);
        if (PinnedHosts.isName(bare)) {
            return bare.toLowerCase(Locale.ROOT);
        }
        try {
            return InetAddress.getByName(bare).getHostAddress();
        } catch (UnknownHostException e) {
            return bare.toLowerCase(Locale.ROOT);
        }
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
