package io.soakrig.contract;

import io.soakrig.contract.io.AtomicFiles;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A stub's announcement that it serves, written by the stub JVM once its ports are bound and read
 * by the harness waiting for it ({@link RunLayout#stubReady(String)}): the ports actually bound
 * (a launch may ask for any free one) and its process id. A Java properties file, replaced
 * atomically, so its existence means it is complete.
 *
 * @param port      the service port bound
 * @param adminPort the admin port bound
 * @param pid       the stub's process id
 */
public record StubReady(int port, int adminPort, long pid) {
    private static final String PORT = "port";
    private static final String ADMIN_PORT = "adminPort";
    private static final String PID = "pid";

    public StubReady {
        if (port < 1 || port > 65_535 || adminPort < 1 || adminPort > 65_535) {
            throw new IllegalArgumentException("a ready stub has bound ports 1..65535, was " + port + " and " + adminPort);
        }
    }

    public void write(Path file) throws IOException {
        Properties ready = new Properties();
        ready.setProperty(PORT, Integer.toString(port));
        ready.setProperty(ADMIN_PORT, Integer.toString(adminPort));
        ready.setProperty(PID, Long.toString(pid));
        AtomicFiles.replace(file, partial -> {
            try (Writer out = Files.newBufferedWriter(partial)) {
                ready.store(out, "soakrig stub ready");
            }
        });
    }

    /**
     * Reads an announcement.
     *
     * @throws IOException naming the file when a figure is missing or not a number
     */
    public static StubReady read(Path file) throws IOException {
        Properties ready = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            ready.load(in);
        }
        try {
            return new StubReady(Integer.parseInt(ready.getProperty(PORT)), Integer.parseInt(ready.getProperty(ADMIN_PORT)),
                    Long.parseLong(ready.getProperty(PID)));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not a stub's ready announcement: " + e.getMessage(), e);
        }
    }
}
