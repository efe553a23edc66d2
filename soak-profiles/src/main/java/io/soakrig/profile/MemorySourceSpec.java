package io.soakrig.profile;

import java.net.URI;
import java.util.Map;

/**
 * Where a running service's memory is read, once a second: a Prometheus text endpoint
 * ({@link PrometheusMemory}, written {@code prometheus: …} with {@code metric}) or a local process
 * ({@link ProcessMemory}, written {@code pid: …}). Sealed, so a source is always exactly one kind; a
 * new kind is a new record here and one line in {@link Form}.
 */
public sealed interface MemorySourceSpec permits PrometheusMemory, ProcessMemory {

    /** Checks this source, placed at its key. */
    void check(Checks at);

    /** The keys a memory source may be written with. */
    record Form(URI prometheus, String metric, Map<String, String> labels, Long pid)
            implements ProfileBinding.Form<MemorySourceSpec> {
        @Override
        public MemorySourceSpec choice(Checks at) {
            if ((prometheus == null) == (pid == null)) {
                return at.unreadable("give exactly one of 'prometheus' (with 'metric') or 'pid'");
            }
            if (pid != null && (metric != null || labels != null)) {
                return at.at(metric != null ? "metric" : "labels").unreadable("belongs to a 'prometheus' source, not to 'pid'");
            }
            return prometheus != null ? new PrometheusMemory(prometheus, metric, labels) : new ProcessMemory(pid);
        }
    }

    /** Binds a memory source from its {@link Form}. */
    ProfileBinding.Alternatives<MemorySourceSpec, Form> BINDING = new ProfileBinding.Alternatives<>(MemorySourceSpec.class, Form.class);
}
