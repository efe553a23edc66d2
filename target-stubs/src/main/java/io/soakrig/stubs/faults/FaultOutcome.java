package io.soakrig.stubs.faults;

/**
 * What the faults decided for one request, after any delay they imposed.
 *
 * @param reset       close the connection with a TCP reset and no answer
 * @param hang        never answer, and leave the connection open: the client waits until it gives up
 * @param errorStatus answer with this status instead of the behaviour's, 0 for no injected error
 */
public record FaultOutcome(boolean reset, boolean hang, int errorStatus) {
    public static final FaultOutcome PROCEED = new FaultOutcome(false, false, 0);
    public static final FaultOutcome RESET = new FaultOutcome(true, false, 0);
    public static final FaultOutcome HANG = new FaultOutcome(false, true, 0);

    public static FaultOutcome error(int status) {
        return new FaultOutcome(false, false, status);
    }
}
