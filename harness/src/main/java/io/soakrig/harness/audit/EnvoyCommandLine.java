package io.soakrig.harness.audit;

import io.soakrig.harness.audit.KubernetesManifests.Container;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What an Envoy container's command line says about its bootstrap: the file named by
 * {@code -c}/{@code --config-path} (as {@code -c FILE}, {@code --config-path FILE} or
 * {@code --config-path=FILE}, in {@code command} or {@code args}), and the YAML that
 * {@code --config-yaml} merges over it. A command that runs a shell script
 * ({@code ["/bin/sh", "-c", "exec envoy -c /etc/envoy/envoy.yaml"]}) is read through the script.
 * A container of the {@code envoyproxy/envoy} image with neither command nor args runs the image's
 * own {@code envoy -c /etc/envoy/envoy.yaml}.
 *
 * @param configPath   the file Envoy reads, or null when the command names none
 * @param configPathAt where that was read ({@code ...containers[1].args[1]}, or the image)
 * @param configYaml   the {@code --config-yaml} text, or null
 */
public record EnvoyCommandLine(String configPath, Location configPathAt, String configYaml, Location configYamlAt) {
    /** The official image's {@code CMD}: {@code envoy -c /etc/envoy/envoy.yaml}. */
    static final String IMAGE_DEFAULT_CONFIG = "/etc/envoy/envoy.yaml";
    private static final Set<String> SHELLS = Set.of("sh", "bash", "dash", "ash", "zsh");

    private record Word(String text, Location at) {
    }

    public static EnvoyCommandLine of(Container c) {
        List<Word> words = new ArrayList<>();
        for (int i = 0; i < c.command().size(); i++) {
            words.add(new Word(c.command().get(i), c.at("command[" + i + "]")));
        }
        for (int i = 0; i < c.args().size(); i++) {
            words.add(new Word(c.args().get(i), c.at("args[" + i + "]")));
        }
        if (words.isEmpty() && c.image().contains("envoyproxy/envoy")) {
            return new EnvoyCommandLine(IMAGE_DEFAULT_CONFIG, c.at("image"), null, null);
        }
        words = throughShell(words);
        String path = null;
        Location pathAt = null;
        String yaml = null;
        Location yamlAt = null;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i).text();
            boolean hasNext = i + 1 < words.size();
            if ((w.equals("-c") || w.equals("--config-path")) && hasNext) {
                path = words.get(++i).text();
                pathAt = words.get(i).at();
            } else if (w.startsWith("--config-path=")) {
                path = w.substring("--config-path=".length());
                pathAt = words.get(i).at();
            } else if (w.equals("--config-yaml") && hasNext) {
                yaml = words.get(++i).text();
                yamlAt = words.get(i).at();
            } else if (w.startsWith("--config-yaml=")) {
                yaml = w.substring("--config-yaml=".length());
                yamlAt = words.get(i).at();
            }
        }
        return new EnvoyCommandLine(path, pathAt, yaml, yamlAt);
    }

    /** The script's words when the command is {@code SHELL [-flags] -c SCRIPT}, else the words themselves. */
    private static List<Word> throughShell(List<Word> words) {
        if (words.size() < 3) {
            return words;
        }
        String first = words.get(0).text();
        if (!SHELLS.contains(first.substring(first.lastIndexOf('/') + 1))) {
            return words;
        }
        for (int i = 1; i + 1 < words.size(); i++) {
            String flag = words.get(i).text();
            if (flag.startsWith("-") && !flag.startsWith("--") && flag.endsWith("c")) {
                Word script = words.get(i + 1);
                return splitShellWords(script.text()).stream().map(t -> new Word(t, script.at())).toList();
            }
        }
        return words;
    }

    /** A script's words as a POSIX shell splits them: on blanks, with '…' and "…" quoting and \ escapes. */
    static List<String> splitShellWords(String script) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < script.length(); i++) {
            char ch = script.charAt(i);
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                } else if (ch == '\\' && quote == '"' && i + 1 < script.length()) {
                    word.append(script.charAt(++i));
                } else {
                    word.append(ch);
                }
            } else if (Character.isWhitespace(ch) || ch == ';' || ch == '&' || ch == '|') {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                if (ch == '\'' || ch == '"') {
                    quote = ch;
                } else if (ch == '\\' && i + 1 < script.length()) {
                    word.append(script.charAt(++i));
                } else {
                    word.append(ch);
                }
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }
}
