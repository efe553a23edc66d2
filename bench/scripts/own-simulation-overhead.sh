#!/usr/bin/env bash
# What does recording through the Soakrig library cost a user's own simulation, and does a user
# simulation keep up with soakrig's built-in YAML one? One backend stub; against it, in one run,
# the same ramping arrival plan played three ways: the built-in simulation from endpoints, a user's
# Java-DSL simulation doing the same requests through Soakrig.request, and that user simulation
# with recording off (SOAKRIG_BENCH_RECORDING_OFF: the library's timing and logs skipped, arrivals
# still counted). The figure is each one's sustained arrival rate (generator-ceiling.sh's rule,
# from arrivals.csv); the recording overhead is 1 - on/off. Loopback only.
#
#   bench/scripts/own-simulation-overhead.sh [TOP_RATE=6000] [RAMP=60s]
set -euo pipefail
top=${1:-6000}
ramp=${2:-60s}
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
"$home/soakrig" --version >/dev/null
out="$home/reports/own-simulation-overhead-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out/src/bench" "$out/classes"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
SOAKRIG_ADMIN_TOKEN=own-simulation-bench "$home/soakrig" stub backend --port "$port" >"$out/stub.log" 2>&1 &
stub=$!
trap 'kill $stub 2>/dev/null || true' EXIT
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; kill -0 $stub 2>/dev/null || { echo "the stub did not start; see $out/stub.log" >&2; exit 3; }; sleep 0.2; done

# the user's simulation: the built-in mix (3:1, per-user paths) written in the Java DSL
cat >"$out/src/bench/MixSimulation.java" <<'JAVA'
package bench;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.*;
import io.soakrig.simulations.Soakrig;
import java.util.concurrent.ThreadLocalRandom;

public class MixSimulation extends Simulation {
    private final Soakrig soakrig = Soakrig.fromHarness();
    private final ChainBuilder catalog = soakrig.request("catalog", exec(http("catalog").get("/catalog/#{user}")));
    private final ChainBuilder profile = soakrig.request("profile", exec(http("profile").get("/users/#{user}")));
    {
        setUp(soakrig.populations("mix", () -> exec(s -> s.set("user", "u" + (1 + ThreadLocalRandom.current().nextInt(100000))))
                .randomSwitch().on(percent(75).then(catalog), percent(25).then(profile))))
                .maxDuration(soakrig.maxDuration());
    }

    @Override
    public void after() {
        soakrig.finish();
    }
}
JAVA
javac -d "$out/classes" -cp "$home/harness/target/soakrig.jar:$home/harness/target/lib/*" -proc:none "$out/src/bench/MixSimulation.java"

profile() {
  cat <<YAML
name: $1
targets:
  backend: { url: "http://127.0.0.1:$port" }
traffic:
  target: backend
$2
  arrivals:
    - ramp: { from: 200, to: $top, duration: $ramp }
YAML
}
profile builtin "  users: 100000
  endpoints:
    - { name: catalog, path: \"/catalog/{user}\", weight: 3 }
    - { name: profile, path: \"/users/{user}\", weight: 1 }" >"$out/builtin.yaml"
profile own "  simulation: bench.MixSimulation" >"$out/own.yaml"

sustained() {
  python3 "$home/bench/scripts/sustained-rate.py" "$1/arrivals.csv"
}

"$home/soakrig" run "$out/builtin.yaml" --out "$out/builtin" >/dev/null 2>&1 || true
"$home/soakrig" run "$out/own.yaml" --classpath "$out/classes" --out "$out/own-recording-on" >/dev/null 2>&1 || true
SOAKRIG_BENCH_RECORDING_OFF=1 "$home/soakrig" run "$out/own.yaml" --classpath "$out/classes" --out "$out/own-recording-off" >/dev/null 2>&1 || true
builtin=$(sustained "$out/builtin")
on=$(sustained "$out/own-recording-on")
off=$(sustained "$out/own-recording-off")
echo "sustained logical requests/s (open model, 2 endpoints 3:1, per-user paths, ramp to $top over $ramp)"
echo "  built-in YAML simulation:              $builtin"
echo "  user simulation, Soakrig recording:    $on"
echo "  user simulation, recording off:        $off"
python3 -c "print('  recording overhead (1 - on/off):       %.1f%%' % (100 * (1 - $on / $off)))"
echo "runs in $out"
