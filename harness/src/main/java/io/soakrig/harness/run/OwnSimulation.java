package io.soakrig.harness.run;

import io.soakrig.analysis.latency.LatencyRecording;
import io.soakrig.analysis.verdict.RunStatus;
import io.soakrig.contract.RunLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a run of the user's own simulation ended, in the terms a user can act on. soakrig's own
 * simulation always records; a user's may crash in its constructor (its stack trace is in
 * Gatling's log, its cause belongs on screen) or run to the end without ever recording through
 * soakrig's library — then there is nothing to judge, and a run that measured nothing never passes;
 * or it may reach for an address that is not a target of the run, which its guard refuses and
 * stops it for: a run that tried to send elsewhere ends without a verdict, saying where.
 */
final class OwnSimulation {
    private static final Pattern CAUSE = Pattern.compile("^(?:Caused by: |Exception in thread \"[^\"]*\" )?([\\w.$]+(?:Exception|Error)(?::.*)?)$");

    private OwnSimulation() {
    }

    /**
     * The run's status with the user's simulation named: its crash's cause, or the fact that it
     * recorded nothing.
     *
     * @param exitCode the Gatling JVM's exit code, null when the harness stopped it
     */
    static RunStatus status(String simulation, RunStatus played, Integer exitCode, Path gatlingLog, RunLayout run) {
        Optional<String> refused = refused(run);
        if (refused.isPresent()) {
            return new RunStatus(RunStatus.State.FAILED, "your simulation " + simulation + " " + refused.get()
                    + "; its load generator was stopped there");
        }
        if (exitCode != null && exitCode != 0) {
            return new RunStatus(RunStatus.State.FAILED, "your simulation " + simulation + " failed (exit code " + exitCode + ")"
                    + cause(gatlingLog).map(c -> ": " + c).orElse("") + "; see " + gatlingLog);
        }
        if (played.state() == RunStatus.State.COMPLETED && !recordedAnything(run)) {
            return new RunStatus(RunStatus.State.UNRECORDED, "your simulation " + simulation + " recorded nothing through soakrig:"
                    + " wrap its requests in Soakrig.request(...) (see README, \"Bring your own simulation\")");
        }
        return played;
    }

    /** The connection the target guard refused ({@code TargetGuard}), if it refused one. */
    private static Optional<String> refused(RunLayout run) {
        try {
            return Files.readAllLines(run.refused(), StandardCharsets.UTF_8).stream().filter(line -> !line.isBlank()).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean recordedAnything(RunLayout run) {
        try {
            return LatencyRecording.read(run.latencyLog()).requests() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** The root cause Gatling's log reports: the last {@code Caused by:}, else the first exception line. */
    static java.util.Optional<String> cause(Path log) {
        List<String> lines;
        try {
            lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
        String found = null;
        for (String line : lines) {
            Matcher m = CAUSE.matcher(line.trim());
            if (m.matches() && (found == null || line.trim().startsWith("Caused by: "))) {
                found = m.group(1);
            }
        }
        return java.util.Optional.ofNullable(found);
    }
}
