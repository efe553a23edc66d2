package io.soakrig.harness.audit;

/**
 * Where a finding points: a file, the document within it (1-based, for multi-document YAML;
 * 0 when the file holds one), the Kubernetes object ({@code Deployment/perimeter}, or null for an
 * Envoy bootstrap) and the field path inside it, e.g.
 * {@code spec.template.spec.containers[0].resources.limits.memory}.
 */
public record Location(String file, int document, String object, String path) {
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(file);
        if (document > 0) {
            s.append(" document ").append(document);
        }
        if (object != null) {
            s.append(' ').append(object);
        }
        return path.isEmpty() ? s.toString() : s.append(": ").append(path).toString();
    }
}
