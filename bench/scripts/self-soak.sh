#!/usr/bin/env bash
# soakrig soaking itself: nightly-soak.yaml's day of traffic through the whole stub topology,
# played in MINUTES of wall time (24 h compressed; default 95) at a modest rate (the diurnal
# arrivals scaled by RATE_SCALE, default 0.5: 4..25 sessions/s, about 14..90 requests/s, so the
# machine stays usable), while SelfSoak samples the RSS and heap-after-GC of the harness JVM and
# the Gatling JVM every second, asks both for a full collection every minute (jcmd GC.run: the
# heap after it is the live set), and judges the series with soakrig's leak detector. The
# profile's noLeak gate is dropped so that a stub's call cannot stop the run early: the run is
# here to soak the harness, not the stubs.
#
#   bench/scripts/self-soak.sh [MINUTES=95] [RATE_SCALE=0.5] [SETTLE_MINUTES=30] [SHAPE=diurnal]
#
# SHAPE is diurnal (the profile's day: each region's arrivals follow its curve from trough to peak
# in its own time zone) or flat (every region at its peak all day: at the default scale 25
# sessions/s, about 1.3 times the diurnal day's busiest hour and 1.7 times its requests). A JVM's
# native memory follows its load, so under the diurnal curve its RSS goes down and up with the
# traffic; the flat day keeps the load still and leaves growth alone to move it. The run is named
# self-soak or self-soak-flat.
#
# The goal is judged over the traffic after the first SETTLE_MINUTES (JIT compilation and the
# heap's first touches raise a JVM's RSS for about half an hour) and needs at least 60 one-minute
# full collections of it, so MINUTES must be at least SETTLE_MINUTES + 62; the same series over the
# whole run after its first 2 minutes are reported beside it, marked "reported only".
#
# Output: reports/self-soak-<timestamp>/ with self-soak.txt (the calls and figures),
# self-samples.csv (memory-samples.csv format), live-set.csv (heap and RSS after each full
# collection and, where the JDK trims, the C-heap trim asked right after it), gc/ (each JVM's GC
# log, and its C-heap trims), run/ (the soak's run directory). Exit 0 when the live set and the
# RSS after full collections of both JVMs are NO_LEAK and grow below 1 MiB/hour after the settling
# time, 1 when not, 2 for bad arguments, 3 when the harness could not be sampled.
# Builds soakrig and the bench jar if needed.
set -euo pipefail
minutes=${1:-95}
scale=${2:-0.5}
settle=${3:-30}
shape=${4:-diurnal}
[[ "$minutes" =~ ^[0-9]+$ && "$settle" =~ ^[0-9]+$ && "$scale" =~ ^[0-9]*\.?[0-9]+$ ]] \
  || { echo "self-soak.sh: MINUTES and SETTLE_MINUTES must be whole numbers and RATE_SCALE a number, were '$minutes' '$settle' '$scale'" >&2; exit 2; }
[[ "$shape" == diurnal || "$shape" == flat ]] \
  || { echo "self-soak.sh: SHAPE must be diurnal or flat, was '$shape'" >&2; exit 2; }
(( minutes >= settle + 62 )) \
  || { echo "self-soak.sh: MINUTES ($minutes) must be at least SETTLE_MINUTES + 62 ($((settle + 62))): the goal needs 60 one-minute full collections after the settling" >&2; exit 2; }
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
"$home/soakrig" --version >/dev/null
if [[ ! -f "$home/bench/target/benchmarks.jar" ]]; then
  (cd "$home" && ./mvnw -q -B -DskipTests -pl bench -am package)
fi
out="$home/reports/self-soak-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
compression=$(python3 -c "print(1440 / $minutes)")
trough=$(python3 -c "print(max(1, round(8 * $scale)))")
peak=$(python3 -c "print(max(2, round(50 * $scale)))")
day="diurnal: { trough: $trough, peak: $peak, period: 24h, peakAt: 20h, startAt: 6h, duration: 24h }"
rates="$trough..$peak"
name=self-soak
description="24 h of diurnal multi-region traffic"
if [[ "$shape" == flat ]]; then
  day="constant: { rate: $peak, duration: 24h }"
  rates="$peak"
  name=self-soak-flat
  description="24 h of multi-region traffic, every region at its peak all day,"
fi
sed -e "s/^name: nightly-soak$/name: $name/" \
    -e "s/^description: 24 h of diurnal multi-region traffic at 72x /description: $description played in $minutes minutes /" \
    -e "s/^timeCompression: 72$/timeCompression: $compression/" \
    -e "s/^    - diurnal: { trough: 8, peak: 50, period: 24h, peakAt: 20h, startAt: 6h, duration: 24h }$/    - $day/" \
    -e "/^  noLeak: true$/d" \
    "$home/soak-profiles/nightly-soak.yaml" >"$out/self-soak.yaml"
grep -q "timeCompression: $compression" "$out/self-soak.yaml" && grep -qF -- "- $day" "$out/self-soak.yaml" \
    && grep -q "^name: $name$" "$out/self-soak.yaml" && grep -qF "description: $description played" "$out/self-soak.yaml" \
  || { echo "nightly-soak.yaml changed shape: cannot derive the self-soak profile" >&2; exit 2; }
echo "self-soak: $minutes min, $shape day, $rates sessions/s, into $out" >&2
exec java -cp "$home/bench/target/benchmarks.jar" io.soakrig.bench.selfsoak.SelfSoak "$home" "$out/self-soak.yaml" "$out" "$settle"
