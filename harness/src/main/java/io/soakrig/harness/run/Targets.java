package io.soakrig.harness.run;

import io.soakrig.harness.sampling.MemorySource;
import io.soakrig.harness.supervision.Topology;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The running targets of one profile (or one experiment cell): the stubs started, every target's
 * service URLs, what samples their memory, and the URLs the traffic goes to.
 *
 * @param topology    the stubs started (none for URL targets only)
 * @param urls        per target, its instances' base URLs
 * @param sampled     the memory sources, one per stub instance and per URL target with a source
 * @param trafficUrls per traffic target in the profile's order, its instances' base URLs
 */
record Targets(Topology topology, Map<String, List<URI>> urls, List<MemorySource> sampled, List<List<URI>> trafficUrls) {
    /** Per target, its URLs joined by commas, as the run's manifest shows them. */
    Map<String, String> shown() {
        Map<String, String> shown = new LinkedHashMap<>();
        urls.forEach((k, v) -> shown.put(k, String.join(",", v.stream().map(URI::toString).toList())));
        return shown;
    }
}
