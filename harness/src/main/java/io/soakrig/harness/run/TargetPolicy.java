package io.soakrig.harness.run;

import io.soakrig.profile.Profile;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where soakrig may send traffic: loopback, and hosts the user named with {@code --allow-host}.
 *
 * <p>The check is made on resolved addresses, so a name that resolves somewhere else is judged
 * by where it goes, not by how it is spelt: {@code localhost} is fine because it resolves to
 * loopback, {@code evil.example} pointing at 127.0.0.1 too; a host resolving to any non-loopback
 * address needs the user's explicit permission, given by name or by address.
 */
public final class TargetPolicy {
    private final Set<String> allowed;

    public TargetPolicy(List<String> allowHosts) {
        this.allowed = allowHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    /** Every problem with the profile's URL targets; empty when all may receive traffic. */
    public List<String> violations(Profile profile) {
        List<String> problems = new ArrayList<>();
        profile.targets().forEach((name, target) -> {
            if (target.url() != null) {
                String problem = check(target.url());
                if (problem != null) {
                    problems.add("target " + name + ": " + problem);
                }
            }
            if (target.memory() != null && target.memory().prometheus() != null) {
                String problem = check(target.memory().prometheus());
                if (problem != null) {
                    problems.add("target " + name + " memory source: " + problem);
                }
            }
        });
        return problems;
    }

    private String check(URI url) {
        String host = url.getHost();
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return "host '" + host + "' does not resolve";
        }
        if (allowed.contains(host.toLowerCase(Locale.ROOT))) {
            return null;
        }
        for (InetAddress a : addresses) {
            if (!a.isLoopbackAddress() && !allowed.contains(a.getHostAddress())) {
                return "host '" + host + "' resolves to " + a.getHostAddress()
                        + ", which is not loopback; pass --allow-host " + host + " to send traffic there";
            }
        }
        return null;
    }
}
