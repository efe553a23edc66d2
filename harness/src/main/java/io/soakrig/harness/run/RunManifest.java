package io.soakrig.harness.run;

import io.soakrig.analysis.verdict.RunStatus;
import java.util.Map;

/**
 * {@code run.json}: what the harness knows about a run that the recordings do not say — which
 * profile, which limit, which targets at which addresses, and how the run ended. Written when the
 * run starts (state RUNNING) and rewritten when it ends, so a run directory whose manifest still
 * says RUNNING after its harness is gone is an interrupted run.
 *
 * @param profile              the profile's name
 * @param durationLimitSeconds the {@code --duration} cut, null when the full schedule ran
 * @param startedAt            ISO-8601 instant
 * @param harnessPid           process id of the harness that ran it
 * @param targets              target name to base URL
 * @param status               how it ended
 * @param recorded             the size in bytes of each recording when the run ended (see
 *                             {@link RunDirectory#recordingSizes()}), null until then: {@code report}
 *                             finds a recording cut after the run by it
 */
public record RunManifest(
        String profile,
        Long durationLimitSeconds,
        String startedAt,
        long harnessPid,
        Map<String, String> targets,
        RunStatus status,
        Map<String, Long> recorded) {

    /** How the run ended and what it left. */
    public RunManifest ended(RunStatus newStatus, Map<String, Long> recordings) {
        return new RunManifest(profile, durationLimitSeconds, startedAt, harnessPid, targets, newStatus, Map.copyOf(recordings));
    }

    public RunManifest withTargets(Map<String, String> newTargets) {
        return new RunManifest(profile, durationLimitSeconds, startedAt, harnessPid, Map.copyOf(newTargets), status, recorded);
    }
}
