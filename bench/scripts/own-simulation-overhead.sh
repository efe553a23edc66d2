#!/usr/bin/env bash
# What does recording through the Soakrig library cost a user's own simulation, and does a user
# simulation keep up with soakrig's built-in YAML one? One backend stub on loopback; against it:
#
# 1. Overhead. The same user simulation (two endpoints 3:1, per-user paths, written in Gatling's
#    Java DSL) played two ways at a fixed open-model rate well below the generator's ceiling:
#    "library", each request wrapped in Soakrig.request (timing, latency log, retry loop, started
#    counts), and "plain", the same Gatling requests unwrapped. Both arrive through
#    soakrig.populations (the same injection and protocol). The figure is the Gatling JVM's CPU
#    time per completed request (all its threads: Netty, Gatling's actors, JIT, GC), measured inside
#    that JVM over the steady window after a warm-up; overhead = library / plain - 1. CPU per
#    request, not the sustained rate, because on a shared machine the rate at which a generator
#    falls behind moves with whatever else runs, while the CPU a request costs barely does.
#    REPS runs each, alternated; median and range.
# 2. Built-in vs user. The built-in simulation from the same mix as YAML endpoints and the user
#    simulation (library), each ramping to TOP_RATE: the sustained arrival rate (sustained-rate.py,
#    GeneratorCheck's rule, from arrivals.csv).
#
#   bench/scripts/own-simulation-overhead.sh [RATE=1500] [REPS=3] [TOP_RATE=6000] [RAMP=60s]
#
# Takes about 2 + REPS * 1.5 minutes. Builds soakrig if needed.
set -euo pipefail
rate=${1:-1500}
reps=${2:-3}
top=${3:-6000}
ramp=${4:-60s}
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
"$home/soakrig" --version >/dev/null
out="$home/reports/own-simulation-overhead-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out/src/bench" "$out/classes"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
SOAKRIG_ADMIN_TOKEN=own-simulation-bench "$home/soakrig" stub backend --port "$port" >"$out/stub.log" 2>&1 &
stub=$!
trap 'kill $stub 2>/dev/null || true' EXIT
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; kill -0 $stub 2>/dev/null || { echo "the stub did not start; see $out/stub.log" >&2; exit 3; }; sleep 0.2; done

# the user's simulation: the built-in mix (3:1, per-user paths) in the Java DSL, with or without the library
cat >"$out/src/bench/MixSimulation.java" <<'JAVA'
package bench;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.*;
import io.soakrig.simulations.Soakrig;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

public class MixSimulation extends Simulation {
    private static final boolean LIBRARY = !"plain".equals(System.getenv("BENCH_MODE"));
    private final Soakrig soakrig = Soakrig.fromHarness();
    private final ChainBuilder catalog = wrap("catalog", exec(http("catalog").get("/catalog/#{user}")));
    private final ChainBuilder profile = wrap("profile", exec(http("profile").get("/users/#{user}")));
    private final CpuWindow cpu = new CpuWindow();
    {
        setUp(soakrig.populations("mix", () -> exec(s -> cpu.arrived(s.set("user", "u" + (1 + ThreadLocalRandom.current().nextInt(100000)))))
                .randomSwitch().on(percent(75).then(catalog), percent(25).then(profile))
                .exec(cpu::completed)))
                .maxDuration(soakrig.maxDuration());
    }

    private ChainBuilder wrap(String name, ChainBuilder request) {
        return LIBRARY ? soakrig.request(name, request) : request;
    }

    @Override
    public void after() {
        soakrig.finish();
    }

    /** CPU time of this JVM and requests completed between BENCH_WINDOW's two seconds after the first arrival, to BENCH_CPU_FILE. */
    static final class CpuWindow {
        private final AtomicLong completed = new AtomicLong();
        private final AtomicLong firstArrival = new AtomicLong();

        Session arrived(Session s) {
            if (firstArrival.compareAndSet(0, System.nanoTime())) {
                Thread t = new Thread(this::measure, "bench-cpu");
                t.setDaemon(true);
                t.start();
            }
            return s;
        }

        Session completed(Session s) {
            completed.incrementAndGet();
            return s;
        }

        private void measure() {
            String[] window = System.getenv("BENCH_WINDOW").split(",");
            try {
                long[] from = sampleAt(Long.parseLong(window[0]));
                long[] to = sampleAt(Long.parseLong(window[1]));
                Files.writeString(Path.of(System.getenv("BENCH_CPU_FILE")),
                        (to[0] - from[0]) + " " + (to[1] - from[1]) + " " + (to[2] - from[2]) + "\n");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /** {cpu ns, completed requests, wall ns} at {@code second} after the first arrival. */
        private long[] sampleAt(long second) throws InterruptedException {
            long at = firstArrival.get() + second * 1_000_000_000L;
            for (long wait = at - System.nanoTime(); wait > 0; wait = at - System.nanoTime()) {
                Thread.sleep(Math.max(1, wait / 1_000_000));
            }
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            return new long[] {os.getProcessCpuTime(), completed.get(), System.nanoTime()};
        }
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
$3
YAML
}
mix="  users: 100000
  endpoints:
    - { name: catalog, path: \"/catalog/{user}\", weight: 3 }
    - { name: profile, path: \"/users/{user}\", weight: 1 }"
own="  simulation: bench.MixSimulation"
# fixed rate: 5 s ramp, 40 s at RATE; CPU measured from 15 s to 45 s (10 s of JIT warm-up at RATE left out)
steady="    - ramp: { from: 100, to: $rate, duration: 5s }
    - constant: { rate: $rate, duration: 40s }"
ramping="    - ramp: { from: 200, to: $top, duration: $ramp }"
profile own "$own" "$steady" >"$out/steady.yaml"
profile builtin "$mix" "$ramping" >"$out/builtin.yaml"
profile own "$own" "$ramping" >"$out/own.yaml"

echo "load before measuring: $(uptime)" | tee "$out/result.txt"
for i in $(seq "$reps"); do
  for mode in library plain; do
    BENCH_MODE=$mode BENCH_WINDOW=15,45 BENCH_CPU_FILE="$out/cpu-$mode-$i.txt" \
      "$home/soakrig" run "$out/steady.yaml" --classpath "$out/classes" --out "$out/steady-$mode-$i" >"$out/steady-$mode-$i.log" 2>&1 || true
    [[ -s "$out/cpu-$mode-$i.txt" ]] || { echo "run $mode $i measured nothing; see $out/steady-$mode-$i.log" >&2; exit 3; }
  done
done
"$home/soakrig" run "$out/builtin.yaml" --out "$out/builtin" >"$out/builtin.log" 2>&1 || true
BENCH_MODE=library BENCH_WINDOW=0,1 BENCH_CPU_FILE=/dev/null \
  "$home/soakrig" run "$out/own.yaml" --classpath "$out/classes" --out "$out/own" >"$out/own.log" 2>&1 || true
echo "load after measuring: $(uptime)" | tee -a "$out/result.txt"

python3 - "$out" "$reps" "$rate" <<'PY' | tee -a "$out/result.txt"
import statistics, sys
out, reps, rate = sys.argv[1], int(sys.argv[2]), sys.argv[3]
us = {}
for mode in ("library", "plain"):
    us[mode] = []
    for i in range(1, reps + 1):
        cpu, done, wall = map(int, open(f"{out}/cpu-{mode}-{i}.txt").read().split())
        us[mode].append(cpu / done / 1000)
        print(f"  {mode:8s} run {i}: {done / (wall / 1e9):7.0f} requests/s completed, {cpu / wall:4.2f} cores, {cpu / done / 1000:6.1f} us CPU per request")
lib, plain = statistics.median(us["library"]), statistics.median(us["plain"])
print(f"Gatling JVM CPU per request at {rate}/s, 30 s steady window, median of {reps} [min..max]:")
for mode in ("library", "plain"):
    print(f"  {mode:8s} {statistics.median(us[mode]):6.1f} us [{min(us[mode]):.1f}..{max(us[mode]):.1f}]")
pairs = [a / b - 1 for a, b in zip(us["library"], us["plain"])]
print(f"recording overhead (library / plain - 1): {100 * (lib / plain - 1):+.1f} % of medians; per alternated pair {', '.join(f'{100 * p:+.1f} %' for p in pairs)}")
PY
{
  echo "sustained logical requests/s (open model, ramp 200 -> $top over $ramp, sustained-rate.py):"
  echo "  built-in YAML simulation:          $(python3 "$home/bench/scripts/sustained-rate.py" "$out/builtin/arrivals.csv")"
  echo "  user simulation through Soakrig:   $(python3 "$home/bench/scripts/sustained-rate.py" "$out/own/arrivals.csv")"
  echo "runs in $out"
} | tee -a "$out/result.txt"
