package io.soakrig.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.soakrig.harness.kubernetes.RunName;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code kubernetes render} and {@code kubernetes run} take the Job's flags from one declaration ({@link KubernetesOptions}). */
class KubernetesOptionsTest {
    @Test
    void renderAndRunDeclareTheJobsFlagsOnceAndTheRunNameFallsBackPerCommand() {
        for (String command : List.of("render", "run")) {
            CommandLine.ParseResult parsed = SoakrigCli.commandLine().parseArgs("kubernetes", command, "p.yaml", "--run-name", "nightly",
                    "--image", "img", "--schedule-timeout", "60");
            CommandLine.ParseResult sub = parsed.subcommand().subcommand();
            KubernetesOptions options = kubernetesOptions(sub.commandSpec().userObject());
            assertThat(options.runName("fallback")).as(command).isEqualTo(new RunName("nightly"));
            assertThat(options.image).isEqualTo("img");
            assertThat(sub.commandSpec().mixins()).as(command + ": the flags come from the shared mixin").containsKey("kubernetes");
        }
        CommandLine.ParseResult unnamed = SoakrigCli.commandLine().parseArgs("kubernetes", "render", "p.yaml");
        assertThat(kubernetesOptions(unnamed.subcommand().subcommand().commandSpec().userObject()).runName("My Profile"))
                .isEqualTo(RunName.of("My Profile"));
    }

    private static KubernetesOptions kubernetesOptions(Object command) {
        return command instanceof KubernetesRenderCommand render ? render.kubernetes : ((KubernetesRunCommand) command).kubernetes;
    }
}
