package io.soakrig.harness.cli;

import io.soakrig.harness.ExitCodes;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code soakrig}: the command line. Each subcommand is one user task; {@code run} is the main
 * flow and reads top-down from {@link RunCommand}.
 */
@Command(name = "soakrig", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Load and soak testing: production-shaped traffic, memory-growth slopes, canary gates.",
        subcommands = {RunCommand.class, ReportCommand.class, CompareCommand.class, AuditCommand.class, StubCommand.class,
            WorkerCommand.class, KubernetesCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:pass: every gate passed",
            "1:a gate failed (a canary, a leak, latency, errors); compare: a figure got worse; audit: an error found",
            "2:invalid input (profile, flags, target not allowed, an unreadable file); nothing was started",
            "3:harness or target failure, an interrupted run, or a canary that could not decide: no verdict",
            "130:interrupted (Ctrl-C); 143 for SIGTERM"},
        footer = "%nExamples: soakrig run soak-profiles/canary-gate.yaml%n"
                + "          soakrig run soak-profiles/nightly-soak.yaml --duration 120")
public final class SoakrigCli {
    /** Property set by the {@code ./soakrig} launcher: the checkout whose {@code reports/} runs land in. */
    static final String HOME_PROPERTY = "soakrig.home";

    public static void main(String[] args) {
        int exit;
        try {
            exit = commandLine().execute(args);
        } catch (Throwable e) {
            System.err.println("soakrig: internal error: " + e);
            e.printStackTrace();
            exit = ExitCodes.NO_VERDICT;
        }
        System.exit(exit);
    }

    /**
     * The configured command line; tests execute it in-process. A flag that cannot be parsed is
     * one line naming it, exit 2 ({@link #invalidFlag}); only a bug reaches the execution handler,
     * which keeps its stack trace for the report and exits 3.
     */
    public static CommandLine commandLine() {
        return new CommandLine(new SoakrigCli())
                .setParameterExceptionHandler(SoakrigCli::invalidFlag)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("soakrig: internal error: " + e);
                    e.printStackTrace(cmd.getErr());
                    return ExitCodes.NO_VERDICT;
                });
    }

    /**
     * An unknown flag, a missing or malformed value: one line with picocli's message (which names
     * the flag) and its suggestions, instead of the whole usage text burying it.
     */
    private static int invalidFlag(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        String suggestions = e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()
                ? ". Possible solutions: " + String.join(", ", unmatched.getSuggestions()) : "";
        cmd.getErr().println("soakrig: " + String.join("; ", e.getMessage().strip().lines().toList()) + suggestions
                + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        return ExitCodes.INVALID_INPUT;
    }

    /** Where runs land by default: {@code reports/} of the soakrig checkout, else of the working directory. */
    static Path reportsRoot() {
        return Path.of(System.getProperty(HOME_PROPERTY, ".")).resolve("reports");
    }
}
