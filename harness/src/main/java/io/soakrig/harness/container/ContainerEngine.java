package io.soakrig.harness.container;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import io.soakrig.harness.process.TargetStartException;
import java.util.List;
import java.util.Map;
import org.testcontainers.DockerClientFactory;

/**
 * The Docker-API engine the harness runs containers on (Docker, or Podman's Docker-compatible
 * service), found the way Testcontainers finds it ({@code DOCKER_HOST}, the default socket...).
 *
 * <p>Every container the harness starts carries {@link #OWNER_LABEL} with the harness's process
 * id: that is how what a dead harness left behind is found and removed, by the {@link ContainerReaper}
 * child the moment the harness dies, and by {@link #sweepOrphans()} at the next start should even
 * the reaper have been killed. The run's own network ({@link #createNetwork()}), on which container
 * targets reach each other by target name, carries the same label and goes the same way.
 */
public final class ContainerEngine {
    /** Label naming the harness process a container belongs to. */
    public static final String OWNER_LABEL = "io.soakrig.harness-pid";

    private final DockerClient client;

    private ContainerEngine(DockerClient client) {
        this.client = client;
    }

    /**
     * Connects to the engine.
     *
     * @throws TargetStartException when no engine answers, saying where Testcontainers looked
     */
    public static ContainerEngine connect() throws TargetStartException {
        try {
            return new ContainerEngine(DockerClientFactory.instance().client());
        } catch (RuntimeException e) {
            throw new TargetStartException("no container engine answers (DOCKER_HOST="
                    + System.getenv().getOrDefault("DOCKER_HOST", "unset") + "): " + firstLine(e.getMessage())
                    + "; start Docker, or Podman's `podman system service`, and point DOCKER_HOST at its socket");
        }
    }

    DockerClient client() {
        return client;
    }

    /** Fails with one clear line when {@code image} is not in the engine's store: soakrig pulls nothing. */
    void requireImage(String target, String image) throws TargetStartException {
        try {
            client.inspectImageCmd(image).exec();
        } catch (NotFoundException e) {
            throw new TargetStartException("target " + target + ": image " + image
                    + " is not in the container engine's store (soakrig pulls nothing: build or pull it first)");
        }
    }

    /** The labels of a container this harness owns. */
    static Map<String, String> ownerLabels(String target) {
        return Map.of(OWNER_LABEL, Long.toString(ProcessHandle.current().pid()), "io.soakrig.target", target);
    }

    /**
     * Creates this harness's network, {@code soakrig-<pid>}: container targets join it under their
     * target names, so that one reaches another as {@code http://<target>:<port>} without
     * publishing anything beyond 127.0.0.1. One left by an earlier process with the same pid goes first.
     *
     * @return its name
     */
    String createNetwork() {
        String name = "soakrig-" + ProcessHandle.current().pid();
        client.listNetworksCmd().withNameFilter(name).exec().stream().filter(n -> name.equals(n.getName()))
                .forEach(n -> removeNetwork(n.getId()));
        client.createNetworkCmd().withName(name).withLabels(Map.of(OWNER_LABEL, Long.toString(ProcessHandle.current().pid())))
                .withCheckDuplicate(true).exec();
        return name;
    }

    /** Removes a network; one already gone is fine. */
    void removeNetwork(String nameOrId) {
        try {
            client.removeNetworkCmd(nameOrId).exec();
        } catch (NotFoundException gone) {
            // removed already
        }
    }

    /**
     * Removes the containers (then the networks) of harness processes that no longer run (one
     * killed before its reaper could act); returns how many containers.
     */
    public int sweepOrphans() {
        int removed = 0;
        for (Container c : labelled()) {
            String owner = c.getLabels().get(OWNER_LABEL);
            if (!isLiveProcess(owner)) {
                remove(c.getId());
                removed++;
            }
        }
        for (Network n : labelledNetworks()) {
            if (!isLiveProcess(n.getLabels().get(OWNER_LABEL))) {
                removeNetwork(n.getId());
            }
        }
        return removed;
    }

    /** Removes every container (then the network) owned by harness process {@code pid}; returns how many containers. */
    int removeOwnedBy(long pid) {
        int removed = 0;
        for (Container c : labelled()) {
            if (Long.toString(pid).equals(c.getLabels().get(OWNER_LABEL))) {
                remove(c.getId());
                removed++;
            }
        }
        for (Network n : labelledNetworks()) {
            if (Long.toString(pid).equals(n.getLabels().get(OWNER_LABEL))) {
                removeNetwork(n.getId());
            }
        }
        return removed;
    }

    private List<Network> labelledNetworks() {
        return client.listNetworksCmd().withFilter("label", List.of(OWNER_LABEL)).exec().stream()
                .filter(n -> n.getLabels() != null && n.getLabels().containsKey(OWNER_LABEL)).toList();
    }

    private List<Container> labelled() {
        return client.listContainersCmd().withShowAll(true).withLabelFilter(List.of(OWNER_LABEL)).exec();
    }

    /** Kills and removes a container; one already gone is fine. */
    void remove(String id) {
        try {
            client.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException gone) {
            // removed already
        }
    }

    private static boolean isLiveProcess(String pid) {
        try {
            return pid != null && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
