package io.soakrig.harness.process;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;

/**
 * Entry point of every child JVM the harness launches: runs the real main class given as the
 * first argument, and ends the process when the harness is gone.
 *
 * <p>The harness holds the write end of the child's standard input open and never writes to it.
 * When the harness dies — even by SIGKILL, which runs no shutdown hook — the kernel closes that
 * pipe, this guard reads end-of-file, and the child exits: no stub or load generator outlives
 * its run. The exit gets {@link #GRACE_MILLIS} to run shutdown hooks, then the process halts.
 */
public final class OrphanGuard {
    /** Exit status of a child that ended because its harness disappeared. */
    public static final int ORPHANED = 99;
    static final long GRACE_MILLIS = 2000;

    private OrphanGuard() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: OrphanGuard MAIN_CLASS [ARGS...]");
        }
        watch(System.in);
        MethodHandle main = MethodHandles.publicLookup().findStatic(Class.forName(args[0]), "main",
                MethodType.methodType(void.class, String[].class));
        main.invokeExact(Arrays.copyOfRange(args, 1, args.length));
    }

    private static void watch(InputStream parentPipe) {
        Thread watcher = new Thread(() -> {
            try {
                while (parentPipe.read() >= 0) {
                    // the harness never writes; anything read is ignored
                }
            } catch (IOException closed) {
                // a broken pipe means the same as end-of-file: the harness is gone
            }
            Thread halt = new Thread(() -> {
                try {
                    Thread.sleep(GRACE_MILLIS);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
                Runtime.getRuntime().halt(ORPHANED);
            }, "orphan-halt");
            halt.setDaemon(true);
            halt.start();
            System.exit(ORPHANED);
        }, "orphan-guard");
        watcher.setDaemon(true);
        watcher.start();
    }
}
