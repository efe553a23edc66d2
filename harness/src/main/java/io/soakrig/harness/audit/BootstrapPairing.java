package io.soakrig.harness.audit;

import io.soakrig.harness.audit.Finding.Severity;
import io.soakrig.harness.audit.KubernetesManifests.ConfigObject;
import io.soakrig.harness.audit.KubernetesManifests.Container;
import io.soakrig.harness.audit.KubernetesManifests.Entry;
import io.soakrig.harness.audit.MountedFile.Key;
import io.soakrig.harness.audit.MountedFile.Resolution;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which bootstrap each Envoy container runs, decided the way Kubernetes decides it and never by
 * guess: the container's {@code -c} path leads through its volumeMount and volume to a ConfigMap
 * or Secret key ({@link MountedFile}); when that object is among the inputs, the bootstrap is its
 * text, with the container's {@code --config-yaml} merged over it. Otherwise a bootstrap file
 * given on the command line runs there when
 * <ol>
 *   <li>{@code --pair CONTAINER=FILE} says so;</li>
 *   <li>its file name is the key (or, with no mount, the {@code -c} file name) of exactly one
 *       configuration that Envoy containers run;</li>
 *   <li>it is the only bootstrap left and the container the only Envoy left.</li>
 * </ol>
 * Every pairing says which of these made it. What stays unpaired, or could pair more than one way,
 * is a finding: an error, since its heap was not checked against a memory limit, unless the user
 * allows unpaired Envoys.
 */
public final class BootstrapPairing {
    /** {@code --pair SELECTOR=FILE}: {@code selector} is {@code container}, {@code name/container} or {@code kind/name/container}. */
    public record Request(String selector, EnvoyBootstrap bootstrap) {
    }

    /** {@code container} runs {@code bootstrap}; {@code how} says what showed it. */
    public record Pair(Container container, EnvoyBootstrap bootstrap, String how) {
    }

    /** {@code file}, given with {@code --envoy}, is the text of {@code runs}, which the manifests hold inline and which was checked. */
    public record SameText(EnvoyBootstrap file, EnvoyBootstrap runs) {
    }

    /**
     * @param pairs           what runs where
     * @param sameText        files given that are the text of an inline bootstrap
     * @param running         every bootstrap that runs, or might (files not paired), each once: what the bootstrap checks read
     * @param findings        what could not be paired, or pairs more than one way
     * @param unreadable      inline bootstraps and {@code --config-yaml} texts that are no bootstrap, one line each
     * @param envoyContainers how many Envoy containers the manifests hold
     */
    public record Result(List<Pair> pairs, List<SameText> sameText, List<EnvoyBootstrap> running, List<Finding> findings, List<String> unreadable,
                         int envoyContainers) {
    }

    /** A container still looking for its bootstrap, with what its command line and mounts said. */
    private record Pending(Container container, EnvoyCommandLine command, Resolution resolution) {
        /** The file name a repository's copy would most likely carry: the key, else the -c file's name. */
        String nameHint() {
            if (resolution != null && resolution.keys().size() == 1) {
                return resolution.keys().get(0).key();
            }
            return command.configPath() == null ? null : command.configPath().substring(command.configPath().lastIndexOf('/') + 1);
        }

        /** What configuration it runs, as far as the manifests say: the same key, or the same path with no mount. */
        Object identity() {
            return resolution != null && !resolution.keys().isEmpty() ? resolution.keys()
                    : command.configPath() == null ? container : command.configPath() + " in " + container.image();
        }

        String trail() {
            if (command.configPath() == null) {
                return "its command names no -c/--config-path";
            }
            String trail = "-c " + command.configPath();
            if (resolution.keys().isEmpty()) {
                return trail + (resolution.via().isEmpty() ? "" : " → " + resolution.via()) + ": " + resolution.unresolved();
            }
            return trail + " → " + resolution.via() + " → " + resolution.keys().stream().map(Key::toString)
                    .collect(Collectors.joining(" or ")) + ", which is not among the --k8s files";
        }
    }

    private final KubernetesManifests manifests;
    private final Severity unpaired;
    private final List<Pair> pairs = new ArrayList<>();
    private final List<SameText> sameText = new ArrayList<>();
    private final Set<EnvoyBootstrap> pairedFiles = new LinkedHashSet<>();
    private final List<Finding> findings = new ArrayList<>();
    private final List<String> unreadable = new ArrayList<>();
    private final Map<Entry, EnvoyBootstrap> inline = new HashMap<>();

    private BootstrapPairing(KubernetesManifests manifests, boolean allowUnpaired) {
        this.manifests = manifests;
        this.unpaired = allowUnpaired ? Severity.WARNING : Severity.ERROR;
    }

    /**
     * @param files         bootstraps given with {@code --envoy} (and {@code --pair})
     * @param requests      the {@code --pair} options
     * @param allowUnpaired whether what stays unpaired is a warning rather than an error
     * @throws AuditInputException when a {@code --pair} selector names no container, or containers of different objects
     */
    public static Result pair(List<EnvoyBootstrap> files, List<Request> requests, KubernetesManifests manifests,
                              boolean allowUnpaired) throws AuditInputException {
        return new BootstrapPairing(manifests, allowUnpaired).run(files, requests);
    }

    private Result run(List<EnvoyBootstrap> files, List<Request> requests) throws AuditInputException {
        Map<Container, Pair> requested = new LinkedHashMap<>();
        for (Request r : requests) {
            for (Container c : selected(r.selector())) {
                requested.put(c, new Pair(c, r.bootstrap(), "as --pair " + r.selector() + " says"));
            }
        }
        List<Container> envoys = manifests.containers().stream().filter(c -> c.envoy() || requested.containsKey(c)).toList();
        Set<EnvoyBootstrap> used = new LinkedHashSet<>();
        List<Pending> pending = new ArrayList<>();
        for (Container c : envoys) {
            EnvoyCommandLine command = EnvoyCommandLine.of(c);
            Pair asked = requested.get(c);
            if (asked != null) {
                used.add(asked.bootstrap());
                add(c, command, asked.bootstrap(), asked.how());
            } else {
                fromManifests(c, command, pending);
            }
        }
        for (EnvoyBootstrap f : files) {
            pairs.stream().filter(p -> !p.bootstrap().origin().isFile() && sameText(p.bootstrap(), f)).findFirst().ifPresent(p -> {
                used.add(f);
                sameText.add(new SameText(f, p.bootstrap()));
            });
        }
        pending = byFileName(files, used, pending);
        List<EnvoyBootstrap> left = files.stream().filter(f -> !used.contains(f)).toList();
        if (pending.size() == 1 && left.size() == 1) {
            Pending p = pending.get(0);
            add(p.container(), p.command(), left.get(0), "the only Envoy container and the only bootstrap left to pair ("
                    + p.trail() + ")");
            used.add(left.get(0));
            pending = List.of();
        } else if (!pending.isEmpty() && !left.isEmpty()) {
            ambiguous(pending, left);
            pending = List.of();
            left.forEach(used::add);
        }
        for (Pending p : pending) {
            findings.add(new Finding(unpaired, "unpaired-container", "container " + p.container().qualifiedName() + " runs Envoy but "
                    + "no bootstrap given is the one it runs (" + p.trail() + "): its memory limit is not checked against a heap; "
                    + "give the bootstrap with --envoy or --pair " + p.container().qualifiedName() + "=FILE",
                    List.of(p.container().location())));
        }
        for (EnvoyBootstrap f : files) {
            if (!used.contains(f)) {
                String why = manifests.kinds().isEmpty() ? "(no Kubernetes manifests were read)"
                        : envoys.isEmpty() ? "(the --k8s files hold no Envoy container)" : "given";
                findings.add(new Finding(unpaired, "unpaired-envoy", "no container " + why + " runs this bootstrap: its heap is not "
                        + "checked against a memory limit; give the manifests with --k8s, or --pair CONTAINER=FILE",
                        List.of(f.origin().source())));
            }
        }
        Set<EnvoyBootstrap> running = new LinkedHashSet<>();
        pairs.forEach(p -> running.add(p.bootstrap()));
        Set<EnvoyBootstrap> copies = new LinkedHashSet<>();
        sameText.forEach(same -> copies.add(same.file()));
        files.stream().filter(f -> !pairedFiles.contains(f) && !copies.contains(f)).forEach(running::add);
        return new Result(List.copyOf(pairs), List.copyOf(sameText), List.copyOf(running), List.copyOf(findings), List.copyOf(unreadable), envoys.size());
    }

    /** The containers a {@code --pair} selector names; more than one only when they are the same object written twice. */
    private List<Container> selected(String selector) throws AuditInputException {
        String[] parts = selector.split("/");
        List<Container> matches = manifests.containers().stream().filter(c -> matches(c, parts)).toList();
        if (matches.isEmpty()) {
            throw new AuditInputException("--pair " + selector + ": no container " + selector + " in the --k8s files (containers: "
                    + manifests.containers().stream().map(Container::qualifiedName).distinct().collect(Collectors.joining(", ")) + ")");
        }
        Set<String> names = matches.stream().map(Container::qualifiedName).collect(Collectors.toCollection(LinkedHashSet::new));
        if (names.size() > 1) {
            throw new AuditInputException("--pair " + selector + ": names " + names.size() + " containers, "
                    + String.join(" and ", names) + "; write it as one of these");
        }
        return matches;
    }

    private static boolean matches(Container c, String[] parts) {
        return switch (parts.length) {
            case 1 -> c.name().equals(parts[0]);
            case 2 -> c.pod().name().equals(parts[0]) && c.name().equals(parts[1]);
            case 3 -> c.pod().kind().equalsIgnoreCase(parts[0]) && c.pod().name().equals(parts[1]) && c.name().equals(parts[2]);
            default -> false;
        };
    }

    /** Pairs {@code c} with the text its -c path leads to when the manifests hold it, else leaves it pending. */
    private void fromManifests(Container c, EnvoyCommandLine command, List<Pending> pending) {
        if (command.configPath() == null) {
            if (command.configYaml() != null) {
                try {
                    EnvoyBootstrap own = EnvoyBootstrap.parse(command.configYaml(), BootstrapOrigin.inline(command.configYamlAt(),
                            "the --config-yaml of " + c.qualifiedName()));
                    pairs.add(new Pair(c, own, "its --config-yaml is its whole bootstrap (no -c/--config-path)"));
                } catch (AuditInputException e) {
                    unreadable.add(e.getMessage());
                }
                return;
            }
            pending.add(new Pending(c, command, null));
            return;
        }
        Resolution resolution = MountedFile.resolve(c, command.configPath());
        for (Key key : resolution.keys()) {
            List<ConfigObject> objects = manifests.configs().stream().filter(o -> o.kind().equals(key.kind())
                    && o.name().equals(key.name()) && sameNamespace(o.namespace(), c.pod().namespace())).toList();
            for (ConfigObject o : objects) {
                Entry entry = o.entries().get(key.key());
                if (entry == null) {
                    continue;
                }
                EnvoyBootstrap bootstrap = inline(o, key, entry);
                if (bootstrap != null) {
                    add(c, command, bootstrap, "-c " + command.configPath() + " → " + resolution.via() + " → " + key
                            + ", held inline at " + entry.location());
                }
                return;
            }
            if (!objects.isEmpty() && resolution.keys().size() == 1) {
                findings.add(new Finding(Severity.ERROR, "bootstrap-key-missing", "container " + c.qualifiedName() + " runs -c "
                        + command.configPath() + ", which is " + key + ", but " + key.kind() + " " + key.name()
                        + " has no such key: the pod cannot start, or Envoy finds no file",
                        List.of(command.configPathAt(), objects.get(0).location())));
                return;
            }
        }
        pending.add(new Pending(c, command, resolution));
    }

    private EnvoyBootstrap inline(ConfigObject o, Key key, Entry entry) {
        if (!inline.containsKey(entry)) {
            try {
                inline.put(entry, EnvoyBootstrap.parse(entry.text(), BootstrapOrigin.inline(entry.location(), o.qualifiedName() + " key " + key.key())));
            } catch (AuditInputException e) {
                unreadable.add(e.getMessage());
                inline.put(entry, null);
            }
        }
        return inline.get(entry);
    }

    /** Pairs each file whose name is the key or -c file name of exactly one configuration; returns what is still pending. */
    private List<Pending> byFileName(List<EnvoyBootstrap> files, Set<EnvoyBootstrap> used, List<Pending> pending) {
        List<Pending> still = new ArrayList<>(pending);
        for (EnvoyBootstrap f : files) {
            if (used.contains(f) || !f.origin().isFile()) {
                continue;
            }
            String name = Path.of(f.origin().source().file()).getFileName().toString();
            List<Pending> named = still.stream().filter(p -> name.equals(p.nameHint())).toList();
            if (named.isEmpty()) {
                continue;
            }
            long sameName = files.stream().filter(g -> !used.contains(g)
                    && Path.of(g.origin().source().file()).getFileName().toString().equals(name)).count();
            if (named.stream().map(Pending::identity).distinct().count() > 1 || sameName > 1) {
                continue;
            }
            for (Pending p : named) {
                add(p.container(), p.command(), f, "by file name, " + name + " (" + p.trail() + ")");
            }
            used.add(f);
            still.removeAll(named);
        }
        return still;
    }

    private void ambiguous(List<Pending> containers, List<EnvoyBootstrap> files) {
        List<Location> at = new ArrayList<>();
        containers.forEach(p -> at.add(p.container().location()));
        files.forEach(f -> at.add(f.origin().source()));
        findings.add(new Finding(unpaired, "ambiguous-pairing", containers.size() + " Envoy container(s), "
                + containers.stream().map(p -> p.container().qualifiedName()).collect(Collectors.joining(" and "))
                + ", and " + files.size() + " bootstrap(s), " + files.stream().map(f -> f.origin().toString()).collect(Collectors.joining(" and "))
                + ": the manifests do not say which runs where, so no heap was checked against a limit; say it with --pair "
                + containers.get(0).container().qualifiedName() + "=FILE", at));
    }

    /** Records the pair, with the container's {@code --config-yaml} merged over the bootstrap as Envoy does. */
    private void add(Container c, EnvoyCommandLine command, EnvoyBootstrap bootstrap, String how) {
        pairedFiles.add(bootstrap);
        if (command.configYaml() == null || command.configPath() == null) {
            pairs.add(new Pair(c, bootstrap, how));
            return;
        }
        try {
            pairs.add(new Pair(c, bootstrap.withConfigYaml(command.configYaml(), command.configYamlAt()),
                    how + "; its --config-yaml (" + command.configYamlAt().path().substring(c.location().path().length() + 1)
                            + ") merged over it"));
        } catch (AuditInputException e) {
            unreadable.add(e.getMessage());
        }
    }

    private static boolean sameText(EnvoyBootstrap inline, EnvoyBootstrap file) {
        return Objects.equals(inline.root(), file.root());
    }

    private static boolean sameNamespace(String a, String b) {
        return a.isEmpty() || b.isEmpty() || a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
    }
}
