package io.soakrig.stubs.faults;

/**
 * What the faults decided for one request, after any delay they imposed.
 *
 * @param reset       close the connection with a TCP reset and no answer
 * @param errorStatus answer with this status instead of the behaviour's, 0 for no injected error
 */
public record FaultOutcome(boolean reset, int errorStatus) {
    public static final FaultOutcome PROCEED = new FaultOutcome(false, 0);
}
