package io.soakrig.harness.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the harness jar's manifest, so {@code --version} never drifts from the build. */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = SoakrigCli.class.getPackage().getImplementationVersion();
        return new String[] {"soakrig " + (version == null ? "(development build)" : version),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
}
