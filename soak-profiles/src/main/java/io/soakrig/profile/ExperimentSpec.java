package io.soakrig.profile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An experiment: a matrix of cells played one after another, each the arrival schedule cut to
 * {@code cell}. Its dimensions are the client retry policies, and any of: failure levels,
 * variants of one stub target's memory settings, that target's instance count, and named
 * variants of the system (a Redis's {@code maxmemory} or eviction policy, a stub's version), each
 * changing one or more targets — the candidate fixes of an incident, compared side by side.
 *
 * <p>The failure level is asked of the stubs per request (the {@value StubSpec#FAULT_HEADER}
 * header, which a perimeter passes on to its upstreams and does not apply itself), so cells
 * that differ only in retry policy and failure share one set of running stubs. A cell that
 * changes a stub's memory or instances, or a profile with an {@link IncidentSpec} (whose crash
 * must not carry over), gets its own stubs, started for the cell and stopped after it.
 *
 * @param cell      wall-clock length of each cell
 * @param retry     the client policies compared, by name, in order
 * @param failure   the shares of requests the stubs fail with 503, in order; empty for none
 * @param target    the stub target that {@code memory} and {@code instances} vary
 * @param memory    named variants of the target's memory settings (e.g. {@code misaligned}, {@code aligned})
 * @param instances instance counts of the target, in order
 * @param only      the ids of the cells to play, in matrix order; empty for every cell
 * @param variants  named variants of the system, each the changes it makes by target name, in
 *                  order; an empty change ({@code as-is: {}}) is the system as the profile has it
 */
public record ExperimentSpec(Duration cell, Map<String, RetrySpec> retry, List<Double> failure, String target,
                             Map<String, MemoryVariant> memory, List<Integer> instances, List<String> only,
                             Map<String, Map<String, TargetVariant>> variants) {
    public ExperimentSpec {
        Map<String, Map<String, TargetVariant>> named = new LinkedHashMap<>();
        if (variants != null) {
            variants.forEach((name, changes) -> named.put(name, changes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(changes))));
        }
        variants = Collections.unmodifiableMap(named);
        retry = retry == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(retry));
        failure = failure == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(failure));
        memory = memory == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(memory));
        instances = instances == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(instances));
        only = only == null ? List.of() : List.copyOf(only);
    }

    /** The cells played, in order: {@link #matrix()}, or those of it named in {@code only}. */
    public List<Cell> cells() {
        return only.isEmpty() ? matrix() : matrix().stream().filter(c -> only.contains(c.id())).toList();
    }

    /** The same experiment playing only the cells {@code ids}. */
    public ExperimentSpec only(List<String> ids) {
        return new ExperimentSpec(cell, retry, failure, target, memory, instances, ids, variants);
    }

    /** Every cell of the matrix in order: every system variant, memory variant, retry policy, instance count and failure level. */
    public List<Cell> matrix() {
        List<String> systems = variants.isEmpty() ? Collections.singletonList(null) : List.copyOf(variants.keySet());
        List<String> memories = memory.isEmpty() ? Collections.singletonList(null) : List.copyOf(memory.keySet());
        List<Integer> counts = instances.isEmpty() ? Collections.singletonList(null) : instances;
        List<Double> failures = failure.isEmpty() ? Collections.singletonList(null) : failure;
        List<Cell> cells = new ArrayList<>();
        for (String v : systems) {
            for (String m : memories) {
                for (String policy : retry.keySet()) {
                    for (Integer n : counts) {
                        failures.forEach(f -> cells.add(new Cell(policy, f, m, n, v)));
                    }
                }
            }
        }
        return cells;
    }

    /** Whether a cell changes the stubs themselves, so that each needs its own. */
    public boolean changesStubs() {
        return variesTarget() || !variants.isEmpty();
    }

    /** Whether the cells vary {@link #target()}'s memory settings or instance count. */
    public boolean variesTarget() {
        return !memory.isEmpty() || !instances.isEmpty();
    }

    /** Checks the matrix's own settings; its target and the memory variants applied to it are {@link References}'. */
    void check(Checks at) {
        at.at("cell").requirePositive(cell);
        if (retry.isEmpty()) {
            at.at("retry").fail("name at least one client retry policy to compare");
        }
        retry.forEach((name, spec) -> {
            if (at.at("retry").at(name).identifier(name) && spec != null) {
                spec.check(at.at("retry").at(name));
            }
        });
        for (int i = 0; i < failure.size(); i++) {
            Double f = failure.get(i);
            if (f == null || !(f >= 0 && f <= 1)) {
                at.at("failure").at(i).fail("must be a share between 0 and 1, was " + f);
            }
        }
        if (!variesTarget() && target != null) {
            at.at("target").fail("is only used with experiment.memory or experiment.instances");
        }
        for (int i = 0; i < instances.size(); i++) {
            Integer n = instances.get(i);
            if (n == null || !Limits.INSTANCES.contains(n)) {
                at.at("instances").at(i).fail("must be " + Limits.INSTANCES.min() + ".." + Limits.INSTANCES.max() + ", was " + n);
            }
        }
        variants.forEach((name, changes) -> at.at("variants").at(name).identifier(name));
        List<String> ids = matrix().stream().map(Cell::id).toList();
        for (int i = 0; i < only.size(); i++) {
            if (!ids.contains(only.get(i))) {
                at.at("only").at(i).fail("names no cell; the cells are " + ids);
            }
        }
    }

    /**
     * One cell; {@link #id()} names its directory, e.g. {@code immediate-p0.10},
     * {@code misaligned-immediate-x2} or {@code ttl-immediate}. Absent dimensions are null.
     */
    public record Cell(String retry, Double failure, String memory, Integer instances, String variant) {
        public String id() {
            StringBuilder id = new StringBuilder();
            if (variant != null) {
                id.append(variant).append('-');
            }
            if (memory != null) {
                id.append(memory).append('-');
            }
            id.append(retry);
            if (instances != null) {
                id.append("-x").append(instances);
            }
            if (failure != null) {
                id.append("-p").append(String.format(java.util.Locale.ROOT, "%.2f", failure));
            }
            return id.toString();
        }
    }
}
