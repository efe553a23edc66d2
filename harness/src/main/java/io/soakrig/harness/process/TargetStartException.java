package io.soakrig.harness.process;

/** A target could not be started or reached, so the run cannot measure anything. */
public final class TargetStartException extends Exception {
    public TargetStartException(String message) {
        super(message);
    }
}
