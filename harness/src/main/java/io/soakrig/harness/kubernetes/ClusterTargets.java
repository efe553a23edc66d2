package io.soakrig.harness.kubernetes;

import io.soakrig.profile.Profile;
import io.soakrig.profile.TargetSpec;
import io.soakrig.profile.UrlTarget;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether pods can reach a profile's traffic targets. They cannot reach what the coordinator
 * starts on its own loopback (stubs, Redis, containers) nor a {@code url:} target on loopback (in
 * a pod that is the pod itself): such a run would only measure connection errors, so it is refused
 * before anything is created.
 */
public final class ClusterTargets {
    private ClusterTargets() {
    }

    /** One line per traffic target the pods could not reach; empty when they all are on the network. */
    public static List<String> unreachable(Profile profile) {
        List<String> refused = new ArrayList<>();
        for (String name : profile.trafficTargets()) {
            TargetSpec target = profile.targets().get(name);
            if (!(target instanceof UrlTarget url)) {
                refused.add("target " + name + " is started on this machine's loopback, which the pods cannot reach; "
                        + "give them a url: target on the cluster's network");
            } else if (loopback(url.url().getHost())) {
                refused.add("target " + name + " (" + url.url() + ") is on loopback, which in a pod is the pod itself");
            }
        }
        return refused;
    }

    private static boolean loopback(String host) {
        try {
            return host == null || InetAddress.getByName(host.replaceAll("^\\[|\\]$", "")).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
