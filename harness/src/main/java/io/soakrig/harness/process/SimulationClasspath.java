package io.soakrig.harness.process;

import io.soakrig.profile.Checks;
import io.soakrig.profile.Profile;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the user's own simulation classes are ({@code --classpath}, or the Maven plugin's test
 * classpath): added after soakrig's own classpath in the Gatling JVM, so that soakrig's Gatling,
 * Netty and Jackson are the ones that run (see DESIGN.md's pitfalls) and the user's classes are found.
 *
 * <p>The profile's {@code traffic.simulation} is checked against it before anything starts
 * ({@link #check}): a class that is missing, is not a Gatling Java-DSL simulation or that Gatling
 * could not create is invalid input, named at its key and line, not a crash half-way through a run.
 * Only a constructor that throws is left to the Gatling JVM: running user code belongs there.
 *
 * @param entries jars and class directories, in order; empty when the user's classes are on soakrig's own classpath
 */
public record SimulationClasspath(List<Path> entries) {
    /** The Java DSL's simulation type, named: the harness has Gatling only at run time. */
    static final String GATLING_SIMULATION = "io.gatling.javaapi.core.Simulation";

    /** The last Java with a security manager, which holds a user's simulation to the run's targets (TargetGuard). */
    static final int LAST_GUARDED_JAVA = 23;

    /** No classes beyond soakrig's own. */
    public static final SimulationClasspath NONE = new SimulationClasspath(List.of());

    public SimulationClasspath {
        entries = List.copyOf(entries);
    }

    /**
     * The entries of a classpath written as the JVM's {@code -cp} is ({@link File#pathSeparator}
     * between them), each of which must exist.
     *
     * @throws IllegalArgumentException naming the first entry that does not exist
     */
    public static SimulationClasspath parse(String written) {
        List<Path> entries = new ArrayList<>();
        for (String entry : written.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path path = Path.of(entry);
            if (!Files.exists(path)) {
                throw new IllegalArgumentException("no such jar or directory: " + entry);
            }
            entries.add(path.toAbsolutePath());
        }
        return new SimulationClasspath(entries);
    }

    /** The child JVM's {@code -cp}: soakrig's own classpath, then these entries. */
    String after(String own) {
        List<String> all = new ArrayList<>(List.of(own));
        entries.forEach(e -> all.add(e.toString()));
        return String.join(File.pathSeparator, all);
    }

    /** Reports to {@code root} why the profile's own simulation, if it names one, cannot run from here. */
    public void check(Profile profile, Checks root) {
        if (!profile.traffic().ownSimulation()) {
            return;
        }
        String name = profile.traffic().simulation();
        Checks at = root.at("traffic").at("simulation");
        if (Runtime.version().feature() > LAST_GUARDED_JAVA) {
            at.fail("a simulation of your own needs Java 17 to " + LAST_GUARDED_JAVA + " (this is Java " + Runtime.version().feature()
                    + "): soakrig holds it to the run's targets with a security manager, which later Java no longer has");
            return;
        }
        try (URLClassLoader loader = new URLClassLoader(urls(), SimulationClasspath.class.getClassLoader())) {
            Class<?> simulation = Class.forName(name, false, loader);
            Class<?> gatling = Class.forName(GATLING_SIMULATION, false, loader);
            if (!gatling.isAssignableFrom(simulation)) {
                at.fail("class " + name + " is not a Gatling simulation: it does not extend " + GATLING_SIMULATION);
            } else if (Modifier.isAbstract(simulation.getModifiers()) || !Modifier.isPublic(simulation.getModifiers())
                    || !hasPublicNoArgConstructor(simulation)) {
                at.fail("class " + name + " must be public, concrete and have a public no-argument constructor: Gatling creates it");
            }
        } catch (ClassNotFoundException e) {
            at.fail("class " + name + " is not on the classpath " + shown());
        } catch (LinkageError e) {
            at.fail("class " + name + " cannot be loaded: " + e);
        } catch (IOException e) {
            at.fail("cannot read the classpath " + shown() + ": " + e.getMessage());
        }
    }

    private static boolean hasPublicNoArgConstructor(Class<?> type) {
        try {
            return Modifier.isPublic(type.getConstructor().getModifiers());
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private String shown() {
        return entries.isEmpty() ? "(soakrig's own; give your classes with --classpath)"
                : "(--classpath " + String.join(File.pathSeparator, entries.stream().map(Path::toString).toList()) + ")";
    }

    private URL[] urls() {
        return entries.stream().map(e -> {
            try {
                return e.toUri().toURL();
            } catch (MalformedURLException bad) {
                throw new IllegalArgumentException("not a classpath entry: " + e, bad);
            }
        }).toArray(URL[]::new);
    }
}
