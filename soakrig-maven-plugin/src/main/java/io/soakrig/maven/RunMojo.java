package io.soakrig.maven;

import io.soakrig.harness.process.HarnessJvmOptions;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

/**
 * Runs a soak profile as {@code soakrig run} does, with the project's test classpath, so that a
 * profile's {@code traffic: { simulation: com.acme.CheckoutSimulation }} finds the project's own
 * Gatling simulation; bound by the user like {@code gatling:test}. The run directory lands under
 * {@code target/soakrig/}, and the build fails on the verdict when {@link #failOnVerdict} says so.
 *
 * <p>soakrig runs in a JVM of its own, from this plugin's classpath: it launches the stubs and the
 * Gatling JVM from its own classpath, which inside Maven would be Maven's.
 */
@Mojo(name = "run", defaultPhase = LifecyclePhase.INTEGRATION_TEST, requiresDependencyResolution = ResolutionScope.TEST,
        threadSafe = true)
public class RunMojo extends AbstractMojo {
    private static final String CLI = "io.soakrig.harness.cli.SoakrigCli";
    private static final int PASS = 0;
    private static final int GATE_FAILED = 1;
    private static final int INVALID_INPUT = 2;

    /** The soak profile to run (YAML). */
    @Parameter(property = "soakrig.profile", required = true)
    File profile;

    /** Where run directories land: each run in {@code <profile>-<timestamp>} below it. */
    @Parameter(property = "soakrig.outputDirectory", defaultValue = "${project.build.directory}/soakrig")
    File outputDirectory;

    /** Cut the profile's arrival schedule at this many seconds (for CI); the whole schedule when absent. */
    @Parameter(property = "soakrig.duration")
    Long duration;

    /**
     * Fail the build unless the verdict is PASS: on FAIL (a gate failed) and on INCONCLUSIVE or
     * ERROR (no verdict). False only reports the verdict; invalid input fails the build either way.
     */
    @Parameter(property = "soakrig.failOnVerdict", defaultValue = "true")
    boolean failOnVerdict;

    /** Non-loopback hosts the profile's targets may be at (soakrig refuses any other). */
    @Parameter(property = "soakrig.allowHosts")
    List<String> allowHosts = new ArrayList<>();

    /** Skip the run. */
    @Parameter(property = "soakrig.skip", defaultValue = "false")
    boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
    PluginDescriptor plugin;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("soakrig: skipped");
            return;
        }
        String name = profile.getName().replaceFirst("\\.ya?ml$", "");
        Path run = outputDirectory.toPath().resolve(name + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
        int exit = fork(run);
        switch (exit) {
            case PASS -> getLog().info("soakrig: PASS; run directory " + run);
            case GATE_FAILED -> verdict("soakrig: FAIL (a gate failed); see " + run.resolve("report.html"));
            case INVALID_INPUT -> throw new MojoExecutionException("soakrig: invalid input (exit 2), see the messages above; nothing was run");
            default -> verdict("soakrig: no verdict (INCONCLUSIVE or ERROR, exit " + exit + "); see " + run.resolve("summary.json"));
        }
    }

    private void verdict(String message) throws MojoFailureException {
        if (failOnVerdict) {
            throw new MojoFailureException(message);
        }
        getLog().warn(message + " (failOnVerdict is false)");
    }

    /** Runs soakrig in its own JVM, its output on Maven's console; its exit code. */
    private int fork(Path run) throws MojoExecutionException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(HarnessJvmOptions.forRun());
        command.addAll(List.of("-cp", ownClasspath(), CLI, "run", profile.getAbsolutePath(), "--out", run.toString(),
                "--classpath", testClasspath()));
        if (duration != null) {
            command.addAll(List.of("--duration", duration.toString()));
        }
        allowHosts.forEach(host -> command.addAll(List.of("--allow-host", host)));
        getLog().info("soakrig: running " + profile + " with the test classpath of " + project.getArtifactId());
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(project.getBasedir()).inheritIO();
            builder.environment().putAll(HarnessJvmOptions.environmentForRun());
            Process soakrig = builder.start();
            try {
                return soakrig.waitFor();
            } catch (InterruptedException e) {
                soakrig.destroy();
                Thread.currentThread().interrupt();
                throw new MojoExecutionException("soakrig: interrupted", e);
            }
        } catch (IOException e) {
            throw new MojoExecutionException("soakrig: cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    /** soakrig and everything it launches: this plugin's own dependencies. */
    private String ownClasspath() {
        List<String> entries = new ArrayList<>();
        for (Artifact a : plugin.getArtifacts()) {
            entries.add(a.getFile().getAbsolutePath());
        }
        return String.join(File.pathSeparator, entries);
    }

    /** The project's test classpath (its simulations, their feeders' files, soakrig's library), as far as it exists. */
    private String testClasspath() throws MojoExecutionException {
        try {
            // a project without main sources has no target/classes: Maven lists it anyway
            return String.join(File.pathSeparator, project.getTestClasspathElements().stream()
                    .filter(entry -> new File(entry).exists()).toList());
        } catch (DependencyResolutionRequiredException e) {
            throw new MojoExecutionException("soakrig: the test classpath is not resolved: " + e.getMessage(), e);
        }
    }
}
