package io.soakrig.harness.run;

import java.io.PrintWriter;

/**
 * Where a long run's progress goes: on a terminal, one status line redrawn in place; anywhere
 * else (a CI log, a file), a plain line each time, so the log reads as a time series. Messages
 * that are not status (a cell starting, a child in trouble) always get their own line.
 */
public final class ProgressDisplay {
    private static final String CLEAR_LINE = "\r\033[K";

    private final PrintWriter out;
    private final boolean inPlace;
    private boolean statusShown;

    /** @param inPlace redraw the status line in place (a terminal) instead of appending lines */
    public ProgressDisplay(PrintWriter out, boolean inPlace) {
        this.out = out;
        this.inPlace = inPlace;
    }

    /**
     * A display for standard error: in place when soakrig runs attached to a terminal (a console
     * exists and {@code TERM} is not {@code dumb}), plain lines otherwise.
     */
    public static ProgressDisplay forTerminal(PrintWriter err) {
        String term = System.getenv("TERM");
        return new ProgressDisplay(err, System.console() != null && term != null && !term.equals("dumb"));
    }

    /** Replaces the status line. */
    public synchronized void status(String line) {
        if (inPlace) {
            out.print(CLEAR_LINE + line);
            statusShown = true;
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Prints a message on its own line, below a status line if one is shown. */
    public synchronized void message(String line) {
        end();
        out.println(line);
        out.flush();
    }

    /** Ends the status line, so what follows starts on a fresh line. */
    public synchronized void end() {
        if (statusShown) {
            out.println();
            statusShown = false;
        }
        out.flush();
    }
}
