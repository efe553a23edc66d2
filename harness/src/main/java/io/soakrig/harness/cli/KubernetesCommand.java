package io.soakrig.harness.cli;

import picocli.CommandLine.Command;

/**
 * {@code soakrig kubernetes}: the load of one run spread over the pods of an Indexed Job, one
 * share per pod ({@code soakrig worker}), merged and judged by the coordinator here.
 */
@Command(name = "kubernetes", mixinStandardHelpOptions = true,
        description = "Spreads a run's load over the pods of a Kubernetes Indexed Job: 'render' writes its manifests, 'run' runs it.",
        subcommands = {KubernetesRenderCommand.class, KubernetesRunCommand.class})
final class KubernetesCommand {
}
