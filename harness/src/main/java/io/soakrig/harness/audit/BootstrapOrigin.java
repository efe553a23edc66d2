package io.soakrig.harness.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an Envoy bootstrap's text came from — a file given with {@code --envoy}, a key of a
 * ConfigMap or Secret among the {@code --k8s} inputs, or a container's {@code --config-yaml} —
 * so that a finding points at the line a user has to change. When a container's
 * {@code --config-yaml} was merged over the bootstrap, a field is located in whichever of the two
 * it came from.
 */
public final class BootstrapOrigin {
    private static final Pattern SEGMENT = Pattern.compile("([^.\\[]+)((?:\\[\\d+])*)");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    private final Location base;
    private final String name;
    private final JsonNode baseTree;
    private final JsonNode overrideTree;
    private final Location override;

    private BootstrapOrigin(Location base, String name, JsonNode baseTree, JsonNode overrideTree, Location override) {
        this.base = base;
        this.name = name;
        this.baseTree = baseTree;
        this.overrideTree = overrideTree;
        this.override = override;
    }

    /** A bootstrap file given on the command line. */
    public static BootstrapOrigin file(Path file) {
        return new BootstrapOrigin(new Location(file.toString(), 0, null, ""), file.toString(), null, null, null);
    }

    /**
     * A bootstrap held inline in a Kubernetes object.
     *
     * @param at   the object and the field holding the text, e.g. {@code data["envoy.yaml"]}
     * @param name how messages name it, e.g. {@code ConfigMap/edge-envoy key envoy.yaml}
     */
    public static BootstrapOrigin inline(Location at, String name) {
        return new BootstrapOrigin(at, name, null, null, null);
    }

    /** This origin with a container's {@code --config-yaml} (read at {@code at}) merged over {@code baseTree}. */
    BootstrapOrigin mergedWith(JsonNode baseTree, JsonNode overrideTree, Location at) {
        return new BootstrapOrigin(base, name + " with --config-yaml", baseTree, overrideTree, at);
    }

    /** Whether this is a file given with {@code --envoy} (not inline, not merged). */
    public boolean isFile() {
        return base.object() == null && override == null;
    }

    /** The file or object the text came from. */
    public Location source() {
        return base;
    }

    /**
     * Where the field at {@code path} (e.g. {@code overload_manager.resource_monitors[0]}) is
     * written: in the {@code --config-yaml} when the merge took it from there (at its own index
     * there), else in the base.
     */
    public Location at(String path) {
        String inOverride = override == null ? null : overridePath(path);
        Location in = inOverride != null ? override : base;
        String field = inOverride != null ? inOverride : path;
        return new Location(in.file(), in.document(), in.object(), in.path().isEmpty() ? field : in.path() + "." + field);
    }

    /**
     * {@code path} as written in the override when the merge took that field from it, else null:
     * follows both trees as {@link ConfigYamlMerge} combined them — an object's key present in the
     * override comes from it, a list's first entries are the base's and the rest the override's.
     */
    private String overridePath(String path) {
        JsonNode b = baseTree;
        JsonNode o = overrideTree;
        StringBuilder written = new StringBuilder();
        for (String segment : path.split("\\.")) {
            Matcher m = SEGMENT.matcher(segment);
            if (!m.matches()) {
                return null;
            }
            b = b.path(m.group(1));
            o = o.path(m.group(1));
            written.append(written.isEmpty() ? "" : ".").append(m.group(1));
            Matcher index = INDEX.matcher(m.group(2));
            while (index.find()) {
                int i = Integer.parseInt(index.group(1));
                int inBase = b.isArray() ? b.size() : 0;
                if (i < inBase) {
                    b = b.path(i);
                    o = MissingNode.getInstance();
                } else {
                    o = o.path(i - inBase);
                    b = MissingNode.getInstance();
                }
                written.append('[').append(i - inBase).append(']');
            }
            if (o.isMissingNode()) {
                return null;
            }
        }
        return b.isMissingNode() || o.isValueNode() ? written.toString() : null;
    }

    @Override
    public String toString() {
        return name;
    }
}
