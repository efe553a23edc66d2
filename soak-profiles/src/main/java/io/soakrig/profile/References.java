package io.soakrig.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The rules that join one part of a profile to another by name: a stub's upstreams (which must be
 * other stub targets, of the role it calls, without cycles; or, for an auth, the one Redis keeping
 * its sessions), a perimeter's routes and auth filter,
 * the targets named by the traffic, its regions, the canary, the experiment and the incident, and
 * the endpoints named by sessions. Each spec checks its own settings; only here is the whole
 * profile in view.
 */
final class References {
    private final Profile profile;
    private final Map<String, TargetSpec> targets;

    private References(Profile profile) {
        this.profile = profile;
        this.targets = profile.targets() == null ? Map.of() : profile.targets();
    }

    /** Checks every cross-reference of {@code profile}, reporting to {@code root}. */
    static void check(Profile profile, Checks root) {
        References r = new References(profile);
        r.stubs(root.at("targets"));
        if (profile.traffic() != null) {
            r.traffic(profile.traffic(), root.at("traffic"));
        }
        if (profile.canary() != null) {
            r.canary(profile.canary(), root.at("canary"));
        }
        if (profile.experiment() != null) {
            r.experiment(profile.experiment(), root.at("experiment"));
        }
        if (profile.incident() != null) {
            r.incident(profile.incident(), root.at("incident"));
        }
    }

    private StubSpec stub(String name) {
        return targets.get(name) instanceof StubTarget t ? t.stub() : null;
    }

    private boolean isRedis(String name) {
        return targets.get(name) != null && targets.get(name).isRedis();
    }

    private boolean hasUpstreamOfRole(StubSpec s, StubRole role) {
        return s.upstreams().stream().map(this::stub).anyMatch(u -> u != null && u.role() == role);
    }

    private void stubs(Checks at) {
        targets.forEach((name, target) -> {
            StubSpec s = stub(name);
            if (s == null || s.role() == null) {
                return;
            }
            Checks stubAt = at.at(name).at("stub");
            for (int i = 0; i < s.upstreams().size(); i++) {
                String upstream = s.upstreams().get(i);
                if (isRedis(upstream) && s.role() != StubRole.AUTH) {
                    stubAt.at("upstreams").at(i).fail("a Redis is the session store of an auth stub; a " + s.role().id()
                            + " stub does not call one");
                } else if ((stub(upstream) == null && !isRedis(upstream)) || upstream.equals(name)) {
                    stubAt.at("upstreams").at(i).fail("must name another stub target" + (s.role() == StubRole.AUTH
                            ? ", or a Redis target" : "") + "; stub targets are " + targets.keySet().stream()
                            .filter(n -> stub(n) != null && !n.equals(name)).toList());
                }
            }
            boolean sessionsInRedis = s.role() == StubRole.AUTH && s.upstreams().stream().anyMatch(this::isRedis);
            if (sessionsInRedis) {
                if (s.upstreams().size() != 1) {
                    stubAt.at("upstreams").fail("an auth keeping its sessions in Redis calls that Redis only");
                }
                s.sessions().check(stubAt.at("sessions"));
            } else {
                s.role().dependency().filter(needed -> !hasUpstreamOfRole(s, needed)).ifPresent(needed -> stubAt.at("upstreams")
                        .fail("a " + s.role().id() + " stub needs an upstream whose role is " + needed.id()));
            }
            if (s.role() == StubRole.PERIMETER) {
                perimeter(s, stubAt.at("perimeter"));
            }
            cycle(name, new ArrayList<>(), stubAt.at("upstreams"));
        });
    }

    private void perimeter(StubSpec s, Checks at) {
        List<Route> routes = s.perimeter().routes();
        for (int i = 0; i < routes.size(); i++) {
            String cluster = routes.get(i) == null ? null : routes.get(i).cluster();
            if (cluster != null && !s.upstreams().contains(cluster)) {
                at.at("routes").at(i).at("cluster").fail("must be one of the perimeter's upstreams " + s.upstreams());
            }
        }
        if (s.perimeter().filters().contains(HttpFilter.AUTH) && !hasUpstreamOfRole(s, StubRole.AUTH)) {
            at.at("filters").fail("the auth filter needs an upstream whose role is auth");
        }
    }

    /** Reports once per cycle through {@code name}, found by walking upstreams from it. */
    private void cycle(String name, List<String> path, Checks at) {
        StubSpec s = stub(name);
        if (s == null) {
            return;
        }
        if (path.contains(name)) {
            if (path.get(0).equals(name)) {
                at.fail("upstreams form a cycle: " + String.join(" -> ", path) + " -> " + name);
            }
            return;
        }
        path.add(name);
        s.upstreams().stream().filter(Objects::nonNull).forEach(u -> cycle(u, path, at));
        path.remove(path.size() - 1);
    }

    private void traffic(TrafficSpec t, Checks at) {
        boolean canary = profile.canary() != null;
        if (canary && t.target() != null) {
            at.at("target").fail("a canary profile sends its traffic to canary.baseline and canary.canary; remove traffic.target");
        } else if (!canary && at.at("target").require(t.target())) {
            declared(t.target(), at.at("target"));
            if (isRedis(t.target())) {
                at.at("target").fail("a Redis target receives no HTTP traffic; send it to the auth (or the perimeter) that keeps"
                        + " its sessions there");
            }
        }
        for (int i = 0; i < t.regions().size(); i++) {
            RegionSpec r = t.regions().get(i);
            if (r != null && r.target() != null && canary) {
                at.at("regions").at(i).at("target").fail("a canary profile sends every region to both arms; remove the region's target");
            } else if (r != null && r.target() != null) {
                declared(r.target(), at.at("regions").at(i).at("target"));
            }
        }
        Set<String> endpoints = t.endpointNames();
        for (int i = 0; i < t.sessions().size(); i++) {
            List<SessionStep> steps = t.sessions().get(i) == null ? List.of() : t.sessions().get(i).steps();
            for (int j = 0; j < steps.size(); j++) {
                String endpoint = steps.get(j) == null ? null : steps.get(j).endpoint();
                if (endpoint != null && !endpoints.contains(endpoint)) {
                    at.at("sessions").at(i).at("steps").at(j).at("endpoint")
                            .fail("names no endpoint; declared endpoints are " + new java.util.TreeSet<>(endpoints));
                }
            }
        }
    }

    private void declared(String target, Checks at) {
        if (!targets.containsKey(target)) {
            at.fail("names no target; declared targets are " + targets.keySet());
        }
    }

    private void canary(CanarySpec c, Checks at) {
        if (c.baseline() != null) {
            declared(c.baseline(), at.at("baseline"));
        }
        if (c.canary() != null) {
            declared(c.canary(), at.at("canary"));
        }
    }

    private void experiment(ExperimentSpec e, Checks at) {
        e.variants().forEach((variant, changes) -> {
            if (changes == null) {
                return;
            }
            changes.forEach((name, change) -> {
                Checks where = at.at("variants").at(variant).at(name);
                if (!targets.containsKey(name)) {
                    where.fail("names no target; declared targets are " + targets.keySet());
                } else if (change != null) {
                    change.check(where, name, targets.get(name));
                }
            });
        });
        if (!e.variesTarget() || !at.at("target").require(e.target())) {
            return;
        }
        StubSpec s = stub(e.target());
        if (s == null) {
            at.at("target").fail("must name a stub target; declared targets are " + targets.keySet());
            return;
        }
        e.memory().forEach((name, variant) -> {
            if (at.at("memory").at(name).identifier(name) && variant != null) {
                variant.check(at.at("memory").at(name), e.target(), s);
            }
        });
    }

    private void incident(IncidentSpec incident, Checks at) {
        for (int i = 0; i < incident.targets().size(); i++) {
            String name = incident.targets().get(i);
            StubSpec s = stub(name);
            if (targets.get(name) instanceof ContainerTarget c && c.container().adminPort() != null) {
                continue;
            }
            if (s == null || s.role() != StubRole.PERIMETER) {
                at.at("targets").at(i).fail("must name a perimeter stub target or a container target with an adminPort, was '" + name + "'");
            } else if (incident.filters().contains(HttpFilter.AUTH) && !hasUpstreamOfRole(s, StubRole.AUTH)) {
                at.at("filters").fail("the auth filter needs an upstream whose role is auth on " + name);
            }
        }
    }
}
