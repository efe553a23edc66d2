package io.soakrig.stubs.service;

/**
 * A behaviour's answer: a status and a body of a given size. Bodies are filler of the requested
 * size because what is measured is bytes moved and held, not their content.
 *
 * @param status    HTTP status
 * @param bodyBytes body size in bytes
 * @param reason    a short text for non-2xx answers, sent as the body's start
 */
public record Reply(int status, int bodyBytes, String reason) {
    public static Reply ok(int bodyBytes) {
        return new Reply(200, bodyBytes, "");
    }

    public static Reply unavailable(String reason) {
        return new Reply(503, 0, reason);
    }
}
