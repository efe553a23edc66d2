#!/usr/bin/env bash
# How soon does the README's main job call the seed's leak on real stubs? Runs
# soak-profiles/canary-gate.yaml RUNS times and prints, per run, when the canary's excess growth
# was called (seconds after the first sample), its slope, and the share of the planned window
# that took. About 90 s per run; the run directories stay under reports/ for a closer look.
#
#   bench/scripts/canary-gate-detection.sh [RUNS=3]
set -euo pipefail
runs=${1:-3}
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$home/reports/canary-gate-detection-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
window=$(python3 -c 'print(2 * 3600 / 12)')   # canary-gate.yaml: two hours of profile time at 12x
echo "run | verdict | called at | excess slope | share of the ${window%.*} s window"
for i in $(seq "$runs"); do
  "$home/soakrig" run "$home/soak-profiles/canary-gate.yaml" --out "$out/run$i" >/dev/null 2>"$out/run$i.err" || true
  if [ ! -f "$out/run$i/summary.json" ]; then
    echo "$i | no summary: the run did not start, see $out/run$i.err"
    continue
  fi
  python3 - "$out/run$i/summary.json" "$window" "$i" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
g = (s.get("canary") or {}).get("excessGrowth") or {}
at = g.get("decidedAtSeconds")
share = "-" if at is None else "%.1f%%" % (100 * at / float(sys.argv[2]))
print("%s | %s | %s | %s | %s" % (sys.argv[3], s["verdict"], "-" if at is None else "%.0f s" % at,
      "-" if g.get("slopeMBPerMin") is None else "%+.1f MB/min" % g["slopeMBPerMin"], share))
PY
done
echo "runs in $out"
