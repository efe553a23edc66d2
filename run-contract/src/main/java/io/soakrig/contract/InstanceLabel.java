package io.soakrig.contract;

/**
 * The label of one process of a target, as memory samples and events name it: the target's name
 * alone when it runs as one instance, {@code <target>#<i>} when it runs as several (each sampled
 * on its own). Formatted and parsed here only, so the sampler that writes labels and the analysis
 * that groups samples by target agree.
 *
 * @param target   the profile's name for the target; no '#'
 * @param index    which instance, from 0
 * @param numbered whether the label carries the index (the target runs as several instances)
 */
public record InstanceLabel(String target, int index, boolean numbered) {
    public static final char SEPARATOR = '#';

    public InstanceLabel {
        if (target == null || target.isEmpty() || target.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException("a target's name is not empty and has no '" + SEPARATOR + "', was '" + target + "'");
        }
        if (index < 0 || (!numbered && index != 0)) {
            throw new IllegalArgumentException("instance " + index + " of '" + target + "' needs a numbered label");
        }
    }

    /** The label of instance {@code index} of a target run as {@code instances} instances. */
    public static InstanceLabel of(String target, int index, int instances) {
        return new InstanceLabel(target, index, instances > 1);
    }

    /** A label that always carries the index, as a timeline of process events shows them. */
    public static InstanceLabel numbered(String target, int index) {
        return new InstanceLabel(target, index, true);
    }

    /**
     * Reads a label.
     *
     * @throws IllegalArgumentException when the index is not a number
     */
    public static InstanceLabel parse(String label) {
        int hash = label.indexOf(SEPARATOR);
        if (hash < 0) {
            return new InstanceLabel(label, 0, false);
        }
        try {
            return new InstanceLabel(label.substring(0, hash), Integer.parseInt(label.substring(hash + 1)), true);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("instance label '" + label + "' has no instance number after '" + SEPARATOR + "'");
        }
    }

    /** The target a label belongs to, whatever follows its '#'. */
    public static String targetOf(String label) {
        int hash = label.indexOf(SEPARATOR);
        return hash < 0 ? label : label.substring(0, hash);
    }

    @Override
    public String toString() {
        return numbered ? target + SEPARATOR + index : target;
    }
}
