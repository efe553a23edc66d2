package io.soakrig.harness.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.soakrig.harness.ExitCodes;
import io.soakrig.harness.audit.AuditInputException;
import io.soakrig.harness.audit.BootstrapPairing;
import io.soakrig.harness.audit.ConfigAudit;
import io.soakrig.harness.audit.EnvoyBootstrap;
import io.soakrig.harness.audit.Finding;
import io.soakrig.harness.audit.KubernetesManifests;
import io.soakrig.harness.audit.Location;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code soakrig audit --envoy FILE... --k8s FILE... [--pair CONTAINER=FILE]...}: finds, in the
 * configurations that will run, the heap/limit mismatch that made the April 2025 outage a death
 * loop, before a load spike does. It fails closed: an Envoy whose heap could not be checked
 * against a memory limit is an error (unless {@code --allow-unpaired}), and inputs holding nothing
 * to check are invalid input. Every readable file is audited even when another is not; an
 * unreadable one makes the exit code 2 whatever else was found.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Audits Envoy bootstraps against the Kubernetes containers that run them (heap vs memory limit, "
                + "overload manager, retries, circuit breakers). A container's bootstrap is found as Kubernetes mounts it "
                + "(-c path, volumeMount, ConfigMap/Secret key); a file given with --envoy pairs with it by --pair, by file "
                + "name, or as the only one left, and the output says which.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no error found (warnings may be)",
            "1:an error was found, including an Envoy whose heap could not be checked against a memory limit",
            "2:a file could not be read, a flag is invalid, or the inputs hold nothing to check"})
final class AuditCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--envoy", paramLabel = "FILE", description = "An Envoy v3 bootstrap, YAML or JSON (repeatable).")
    List<Path> envoyFiles = new ArrayList<>();

    @Option(names = "--k8s", paramLabel = "FILE", description = "Kubernetes manifests: multi-document YAML (Helm, kustomize "
            + "output), JSON, List (repeatable).")
    List<Path> k8sFiles = new ArrayList<>();

    @Option(names = "--pair", paramLabel = "CONTAINER=FILE", description = "The bootstrap FILE runs in CONTAINER, written "
            + "container, name/container or kind/name/container (e.g. deployment/perimeter/envoy) (repeatable).")
    List<String> pairOptions = new ArrayList<>();

    @Option(names = "--allow-unpaired", description = "An Envoy whose heap could not be checked against a memory limit "
            + "(no bootstrap found for it, no container for a bootstrap, no limit) is a warning, not an error.")
    boolean allowUnpaired;

    @Option(names = "--margin", paramLabel = "SHARE", defaultValue = "0.10",
            description = "Warn when the fixed heap leaves less than this share of the memory limit (default: ${DEFAULT-VALUE}).")
    double margin;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", description = "Output format (default: ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (envoyFiles.isEmpty() && k8sFiles.isEmpty()) {
            err.println("soakrig audit: give at least one --envoy or --k8s file");
            return ExitCodes.INVALID_INPUT;
        }
        if (!format.equals("text") && !format.equals("json")) {
            err.println("soakrig audit: --format must be text or json, was " + format);
            return ExitCodes.INVALID_INPUT;
        }
        if (!(margin >= 0 && margin < 1)) {
            err.println("soakrig audit: --margin must be in [0, 1), was " + margin);
            return ExitCodes.INVALID_INPUT;
        }
        for (String pair : pairOptions) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                err.println("soakrig audit: --pair must be CONTAINER=FILE (CONTAINER as container, name/container or "
                        + "kind/name/container), was " + pair);
                return ExitCodes.INVALID_INPUT;
            }
        }
        List<String> unreadable = new ArrayList<>();
        Map<Path, EnvoyBootstrap> envoys = new LinkedHashMap<>();
        for (Path f : envoyFiles) {
            bootstrap(f, envoys, unreadable);
        }
        List<BootstrapPairing.Request> requests = new ArrayList<>();
        for (String pair : pairOptions) {
            int eq = pair.indexOf('=');
            EnvoyBootstrap file = bootstrap(Path.of(pair.substring(eq + 1)), envoys, unreadable);
            if (file != null) {
                requests.add(new BootstrapPairing.Request(pair.substring(0, eq), file));
            }
        }
        KubernetesManifests manifests = KubernetesManifests.none();
        for (Path f : k8sFiles) {
            try {
                manifests = manifests.with(KubernetesManifests.read(f));
            } catch (AuditInputException e) {
                unreadable.add(e.getMessage());
            }
        }
        ConfigAudit.Report report;
        try {
            report = ConfigAudit.audit(List.copyOf(envoys.values()), requests, manifests, margin, allowUnpaired);
        } catch (AuditInputException e) {
            err.println("soakrig audit: " + e.getMessage());
            return ExitCodes.INVALID_INPUT;
        }
        unreadable.addAll(report.unreadable());
        if (report.envoyContainers() == 0 && envoys.isEmpty()) {
            unreadable.forEach(problem -> err.println("soakrig audit: " + problem));
            if (!unreadable.isEmpty()) {
                return ExitCodes.INVALID_INPUT;
            }
            err.println("soakrig audit: nothing to check: " + (k8sFiles.isEmpty() ? "no --k8s file was given" : "no Envoy container in "
                    + k8sFiles.stream().map(Path::toString).collect(Collectors.joining(", ")) + " (read: " + kinds(manifests) + ")")
                    + " and no --envoy bootstrap was read");
            return ExitCodes.INVALID_INPUT;
        }
        if (format.equals("json")) {
            printJson(report, unreadable);
        } else {
            printText(report, unreadable);
        }
        return !unreadable.isEmpty() ? ExitCodes.INVALID_INPUT : report.errors() > 0 ? ExitCodes.GATE_FAILED : ExitCodes.PASS;
    }

    /** Reads {@code file} once however often it is named; null (and a line in {@code unreadable}) when it cannot be read. */
    private static EnvoyBootstrap bootstrap(Path file, Map<Path, EnvoyBootstrap> envoys, List<String> unreadable) {
        Path key = file.toAbsolutePath().normalize();
        if (!envoys.containsKey(key)) {
            try {
                envoys.put(key, EnvoyBootstrap.read(file));
            } catch (AuditInputException e) {
                unreadable.add(e.getMessage());
                return null;
            }
        }
        return envoys.get(key);
    }

    private static String kinds(KubernetesManifests manifests) {
        return manifests.kinds().isEmpty() ? "nothing" : new TreeMap<>(manifests.kinds()).entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
    }

    private void printText(ConfigAudit.Report report, List<String> unreadable) {
        PrintWriter out = spec.commandLine().getOut();
        for (String problem : unreadable) {
            spec.commandLine().getErr().println("soakrig audit: " + problem);
        }
        for (BootstrapPairing.Pair p : report.pairs()) {
            out.println("PAIRED " + p.container().qualifiedName() + " (" + fileOf(p.container().location()) + ") with "
                    + p.bootstrap().origin() + ": " + p.how());
        }
        for (BootstrapPairing.SameText same : report.sameText()) {
            out.println("SAME " + same.file().origin() + " is the text of " + same.runs().origin() + ", checked as that");
        }
        for (Finding f : report.findings()) {
            out.println(f.severity() + " " + f.check() + ": " + f.message());
            f.locations().forEach(at -> out.println("    at " + at));
        }
        long errors = report.errors();
        out.println(errors + " error(s), " + (report.findings().size() - errors) + " warning(s), " + report.pairs().size()
                + " Envoy container(s) paired with a bootstrap"
                + (unreadable.isEmpty() ? "" : ", " + unreadable.size() + " file(s) not read"));
        out.flush();
    }

    private static String fileOf(Location at) {
        return at.file() + (at.document() > 0 ? " document " + at.document() : "");
    }

    private void printJson(ConfigAudit.Report report, List<String> unreadable) throws Exception {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("errors", report.errors());
        doc.put("warnings", report.findings().size() - report.errors());
        doc.put("unreadable", unreadable);
        doc.put("pairings", report.pairs().stream().map(p -> {
            Map<String, Object> pair = new LinkedHashMap<>();
            pair.put("container", p.container().qualifiedName());
            pair.put("location", p.container().location());
            pair.put("bootstrap", p.bootstrap().origin().toString());
            pair.put("how", p.how());
            return pair;
        }).toList());
        doc.put("sameText", report.sameText().stream().map(same -> Map.of("file", same.file().origin().toString(),
                "runsAs", same.runs().origin().toString())).toList());
        doc.put("findings", report.findings());
        PrintWriter out = spec.commandLine().getOut();
        out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
        out.flush();
    }
}
