#!/usr/bin/env bash
# How many logical requests per second can soakrig's production-shaped simulation sustain on this
# machine, what does its recording cost, and how far is that from wrk? One backend stub; against
# it, in one run: the simulation ramping its arrival rate up with recording on, the same with
# recording off, and wrk. The sustained rate is the highest one-second arrival rate before the
# generator fell behind its schedule for good (three seconds in a row, by GeneratorCheck's rule,
# from arrivals.csv); a figure near TOP_RATE means it never did and TOP_RATE should go up.
# Loopback only.
#
#   bench/scripts/generator-ceiling.sh [TOP_RATE=6000] [RAMP=60s]
#
# Needs wrk (Debian: apt-get install wrk); builds soakrig if needed.
set -euo pipefail
top=${1:-6000}
ramp=${2:-60s}
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 2; }
"$home/soakrig" --version >/dev/null
out="$home/reports/generator-ceiling-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
SOAKRIG_ADMIN_TOKEN=generator-ceiling-bench "$home/soakrig" stub backend --port "$port" >"$out/stub.log" 2>&1 &
stub=$!
trap 'kill $stub 2>/dev/null || true' EXIT
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; kill -0 $stub 2>/dev/null || { echo "the stub did not start; see $out/stub.log" >&2; exit 3; }; sleep 0.2; done

cat >"$out/ramp.yaml" <<YAML
name: ceiling
targets:
  backend: { url: "http://127.0.0.1:$port" }
traffic:
  target: backend
  users: 100000
  endpoints:
    - { name: catalog, path: "/catalog/{user}", weight: 3 }
    - { name: profile, path: "/users/{user}", weight: 1 }
  arrivals:
    - ramp: { from: 200, to: $top, duration: $ramp }
YAML

sustained() {
  python3 "$home/bench/scripts/sustained-rate.py" "$1/arrivals.csv"
}

"$home/soakrig" run "$out/ramp.yaml" --out "$out/recording-on" >/dev/null 2>&1 || true
SOAKRIG_BENCH_RECORDING_OFF=1 "$home/soakrig" run "$out/ramp.yaml" --out "$out/recording-off" >/dev/null 2>&1 || true
on=$(sustained "$out/recording-on")
off=$(sustained "$out/recording-off")
wrk_rate=$(wrk -t2 -c64 -d15s "http://127.0.0.1:$port/catalog/items" | awk '/Requests\/sec/ {printf "%.0f", $2}')
echo "sustained logical requests/s (open model, 2 endpoints, per-user paths)"
echo "  soakrig, recording on:  $on"
echo "  soakrig, recording off: $off"
python3 -c "print('  recording overhead:     %.1f%%' % (100 * (1 - $on / $off)))"
echo "  wrk -t2 -c64 (closed loop, one path): $wrk_rate"
echo "runs in $out"
