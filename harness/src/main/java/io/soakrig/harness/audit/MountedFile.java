package io.soakrig.harness.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.soakrig.harness.audit.KubernetesManifests.Container;
import io.soakrig.harness.audit.KubernetesManifests.Mount;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Which ConfigMap or Secret key Kubernetes puts at a path inside a container, resolved as the
 * kubelet does: the volumeMount whose {@code mountPath} covers the path (the deepest one, as
 * nested mounts shadow their parents), its {@code subPath}, the pod volume it names, and that
 * volume's source — a {@code configMap}, a {@code secret}, or a {@code projected} volume's
 * sources — with their {@code items} mapping keys to file paths. A path no mount covers is in
 * the image; a mount of an emptyDir, hostPath or claim is written at run time: neither can be
 * read from manifests.
 */
public final class MountedFile {
    /** A key of a ConfigMap or Secret. */
    public record Key(String kind, String name, String key) {
        @Override
        public String toString() {
            return "key " + key + " of " + kind + " " + name;
        }
    }

    /**
     * Where a path leads: the keys it can be (more than one only for a projected volume whose sources
     * map no items), how it got there, or why it leads to nothing the manifests hold.
     *
     * @param keys       candidate keys, empty when unresolved
     * @param via        the mount and volume followed, e.g. {@code volumeMount config at /etc/envoy, volume config}
     * @param unresolved why no key could be named, null when {@code keys} is not empty
     */
    public record Resolution(List<Key> keys, String via, String unresolved) {
        public Resolution {
            keys = List.copyOf(keys);
        }

        static Resolution none(String via, String why) {
            return new Resolution(List.of(), via, why);
        }
    }

    private MountedFile() {
    }

    public static Resolution resolve(Container c, String configPath) {
        String path;
        if (configPath.startsWith("/")) {
            path = normalize(configPath);
        } else if (!c.workingDir().isEmpty()) {
            path = normalize(c.workingDir() + "/" + configPath);
        } else {
            return Resolution.none("", configPath + " is relative and the container sets no workingDir: the image decides where it is");
        }
        Mount mount = null;
        for (Mount m : c.mounts()) {
            String at = normalize(m.mountPath());
            boolean covers = path.equals(at) || path.startsWith(at.equals("/") ? "/" : at + "/");
            if (covers && (mount == null || at.length() > normalize(mount.mountPath()).length())) {
                mount = m;
            }
        }
        if (mount == null) {
            return Resolution.none("", "no volumeMount covers " + path + ": the file is in the image");
        }
        String at = normalize(mount.mountPath());
        String rest = path.equals(at) ? "" : path.substring(at.equals("/") ? 1 : at.length() + 1);
        String via = "volumeMount " + mount.volume() + " at " + mount.mountPath()
                + (mount.subPath().isEmpty() ? "" : " subPath " + mount.subPath());
        if (mount.subPathExpr()) {
            return Resolution.none(via, "the mount's subPathExpr depends on the environment at run time");
        }
        String inVolume = mount.subPath().isEmpty() ? rest : rest.isEmpty() ? normalize(mount.subPath()).substring(1)
                : normalize(mount.subPath() + "/" + rest).substring(1);
        if (inVolume.isEmpty()) {
            return Resolution.none(via, path + " is the mounted volume itself, a directory");
        }
        JsonNode volume = c.pod().volumes().get(mount.volume());
        if (volume == null) {
            return Resolution.none(via, "the pod declares no volume " + mount.volume());
        }
        via += ", volume " + mount.volume();
        List<Key> keys = new ArrayList<>();
        if (volume.has("configMap")) {
            source("ConfigMap", volume.path("configMap").path("name").asText(), volume.path("configMap"), inVolume, keys);
        } else if (volume.has("secret")) {
            source("Secret", volume.path("secret").path("secretName").asText(), volume.path("secret"), inVolume, keys);
        } else if (volume.has("projected")) {
            for (JsonNode s : volume.path("projected").path("sources")) {
                if (s.has("configMap")) {
                    source("ConfigMap", s.path("configMap").path("name").asText(), s.path("configMap"), inVolume, keys);
                } else if (s.has("secret")) {
                    source("Secret", s.path("secret").path("name").asText(), s.path("secret"), inVolume, keys);
                }
            }
        } else {
            String type = volume.properties().stream().map(Map.Entry::getKey).filter(k -> !k.equals("name"))
                    .findFirst().orElse("volume of no type");
            return Resolution.none(via, "volume " + mount.volume() + " is a " + type + ": its files are written at run time, "
                    + "not held in the manifests");
        }
        return keys.isEmpty() ? Resolution.none(via, "no key of the volume's sources is mounted as " + inVolume)
                : new Resolution(keys, via, null);
    }

    /** The key a configMap/secret source puts at {@code inVolume}: through its items when it lists any, else the key of that name. */
    private static void source(String kind, String name, JsonNode source, String inVolume, List<Key> into) {
        JsonNode items = source.path("items");
        if (items.isArray() && !items.isEmpty()) {
            for (JsonNode item : items) {
                if (normalize(item.path("path").asText()).substring(1).equals(inVolume)) {
                    into.add(new Key(kind, name, item.path("key").asText()));
                }
            }
        } else if (!inVolume.contains("/")) {
            into.add(new Key(kind, name, inVolume));
        }
    }

    /** An absolute path with {@code .}, {@code ..} and repeated slashes resolved, without a trailing slash. */
    static String normalize(String path) {
        Deque<String> parts = new ArrayDeque<>();
        for (String p : path.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(p);
            }
        }
        return "/" + String.join("/", parts);
    }
}
