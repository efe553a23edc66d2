package io.soakrig.harness.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the pods of one index of the Job say about its worker: not there yet, waiting, running,
 * done, or failed — failed once more pods of the index have failed than its per-index backoff
 * allows ({@code backoffLimitPerIndex}), so a pod the Job will retry is not yet a missing share.
 *
 * @param exitCode null while the index may still play; 0 when a pod succeeded; the failed pod's
 *                 container exit code, or -1 when it reported none (evicted, deadline exceeded)
 * @param label    names the index's latest pod and its phase, for a reason or {@code workers.json}
 * @param pod      the latest pod's name, or null before the first
 */
public record IndexState(Integer exitCode, String label, String pod) {
    /** The pods' phases a worker may still deliver in. */
    private static final List<String> LIVE = List.of("Pending", "Running", "Unknown");

    /** The state of an index from its pods (any order), retried up to {@code backoffLimit} times. */
    public static IndexState of(List<Pod> pods, int backoffLimit) {
        if (pods.isEmpty()) {
            return new IndexState(null, "no pod yet", null);
        }
        List<Pod> ordered = pods.stream().sorted(Comparator.comparing((Pod p) -> String.valueOf(p.getMetadata().getCreationTimestamp()))
                .thenComparing(p -> p.getMetadata().getName())).toList();
        Pod latest = ordered.get(ordered.size() - 1);
        String label = "pod " + latest.getMetadata().getName() + " " + describe(latest);
        if (pods.stream().anyMatch(p -> "Succeeded".equals(phase(p)))) {
            return new IndexState(0, label, latest.getMetadata().getName());
        }
        List<Pod> failed = ordered.stream().filter(p -> "Failed".equals(phase(p))).toList();
        if (failed.size() > backoffLimit) {
            Pod last = failed.get(failed.size() - 1);
            return new IndexState(exitCode(last), "pod " + last.getMetadata().getName() + " " + describe(last), last.getMetadata().getName());
        }
        return new IndexState(null, label, latest.getMetadata().getName());
    }

    /** Whether the index's worker may still deliver. */
    public boolean alive() {
        return exitCode == null;
    }

    private static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "Pending" : pod.getStatus().getPhase();
    }

    /** The phase and, when the pod says, why: {@code Pending: Unschedulable}, {@code Failed: Error (exit code 3)}. */
    private static String describe(Pod pod) {
        String phase = phase(pod);
        Optional<String> why = Optional.ofNullable(pod.getStatus()).map(s -> s.getReason() != null ? s.getReason()
                : s.getConditions() == null ? null : s.getConditions().stream().filter(c -> "False".equals(c.getStatus()) && c.getReason() != null)
                .map(c -> c.getReason() + (c.getMessage() == null ? "" : " (" + c.getMessage() + ")")).findFirst().orElse(null));
        Optional<String> container = terminated(pod).map(t -> t.getReason() + " (exit code " + t.getExitCode() + ")");
        return "(" + phase + why.or(() -> container).map(w -> ": " + w).orElse("") + ")";
    }

    private static int exitCode(Pod pod) {
        return terminated(pod).map(t -> t.getExitCode()).filter(code -> code != null && code != 0).orElse(-1);
    }

    private static Optional<io.fabric8.kubernetes.api.model.ContainerStateTerminated> terminated(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getContainerStatuses().stream().map(ContainerStatus::getState)
                .filter(s -> s != null && s.getTerminated() != null).map(s -> s.getTerminated()).findFirst();
    }
}
