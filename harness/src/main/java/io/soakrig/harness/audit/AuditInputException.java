package io.soakrig.harness.audit;

/** A configuration file that cannot be read as what it was given as; the message names the file. */
public final class AuditInputException extends Exception {
    public AuditInputException(String message) {
        super(message);
    }
}
