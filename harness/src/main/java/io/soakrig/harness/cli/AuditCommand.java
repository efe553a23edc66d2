package io.soakrig.harness.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.soakrig.harness.ExitCodes;
import io.soakrig.harness.audit.AuditInputException;
import io.soakrig.harness.audit.ConfigAudit;
import io.soakrig.harness.audit.EnvoyBootstrap;
import io.soakrig.harness.audit.Finding;
import io.soakrig.harness.audit.KubernetesContainers;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code soakrig audit --envoy FILE... --k8s FILE...}: finds, in the configurations that will
 * run, the heap/limit mismatch that made the April 2025 outage a death loop, before a load spike
 * does. Every readable file is audited even when another is not; an unreadable one makes the
 * exit code 2 whatever else was found.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Audits Envoy bootstraps against the Kubernetes containers that run them (heap vs memory limit, "
                + "overload manager, retries, circuit breakers).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no error found (warnings may be)", "1:an error was found", "2:a file could not be read"})
final class AuditCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--envoy", paramLabel = "FILE", description = "An Envoy v3 bootstrap, YAML or JSON (repeatable).")
    List<Path> envoyFiles = new ArrayList<>();

    @Option(names = "--k8s", paramLabel = "FILE", description = "Kubernetes manifests, multi-document YAML or JSON (repeatable).")
    List<Path> k8sFiles = new ArrayList<>();

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
        List<String> unreadable = new ArrayList<>();
        List<EnvoyBootstrap> envoys = new ArrayList<>();
        for (Path f : envoyFiles) {
            try {
                envoys.add(EnvoyBootstrap.read(f));
            } catch (AuditInputException e) {
                unreadable.add(e.getMessage());
            }
        }
        List<KubernetesContainers.Container> containers = new ArrayList<>();
        for (Path f : k8sFiles) {
            try {
                containers.addAll(KubernetesContainers.read(f));
            } catch (AuditInputException e) {
                unreadable.add(e.getMessage());
            }
        }
        List<Finding> findings = ConfigAudit.audit(envoys, containers, margin);
        long errors = findings.stream().filter(f -> f.severity() == Finding.Severity.ERROR).count();
        if (format.equals("json")) {
            printJson(findings, unreadable, errors);
        } else {
            printText(findings, unreadable, errors);
        }
        return !unreadable.isEmpty() ? ExitCodes.INVALID_INPUT : errors > 0 ? ExitCodes.GATE_FAILED : ExitCodes.PASS;
    }

    private void printText(List<Finding> findings, List<String> unreadable, long errors) {
        PrintWriter out = spec.commandLine().getOut();
        for (String problem : unreadable) {
            spec.commandLine().getErr().println("soakrig audit: " + problem);
        }
        for (Finding f : findings) {
            out.println(f.severity() + " " + f.check() + ": " + f.message());
            f.locations().forEach(at -> out.println("    at " + at));
        }
        out.println(errors + " error(s), " + (findings.size() - errors) + " warning(s)"
                + (unreadable.isEmpty() ? "" : ", " + unreadable.size() + " file(s) not read"));
        out.flush();
    }

    private void printJson(List<Finding> findings, List<String> unreadable, long errors) throws Exception {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("errors", errors);
        doc.put("warnings", findings.size() - errors);
        doc.put("unreadable", unreadable);
        doc.put("findings", findings);
        PrintWriter out = spec.commandLine().getOut();
        out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
        out.flush();
    }
}
