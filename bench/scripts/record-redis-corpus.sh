#!/usr/bin/env bash
# Records real Redis used_memory series into the leak corpus (analysis/src/test/resources/leak-corpus/redis):
# plays soak-profiles/session-store-leak.yaml (sessions without a TTL fill a 64 MiB noeviction Redis)
# and its healthy variant (user v3.2.0: sessions live 10 s, Redis plateaus), as SessionStoreIT does,
# and keeps each run's `sessions` rows of memory-samples.csv (the redis-info sampler, once a second).
#
#   bench/scripts/record-redis-corpus.sh [OUT_DIR] [LEAKING_RUNS=1] [HEALTHY_RUNS=2]
#   bench/scripts/record-redis-corpus.sh --from RUN_DIR NAME [OUT_DIR]   # an existing run directory
#
# Files are named redis-<maxmemory MiB>-<leak|plateau>-<n>.csv; each keeps the run-directory
# format of memory-samples.csv, so LeakCorpusTest replays it through the harness's own path.
set -euo pipefail
cd "$(dirname "$0")/../.."
extract() { # RUN_DIR NAME OUT_DIR
  local run="$1" name="$2" out="$3"
  mkdir -p "$out"
  awk -F, 'NR == 1 || $2 == "sessions"' "$run/memory-samples.csv" > "$out/$name.csv"
  echo "$name.csv: $(grep -o '"startedAt" : "[^"]*"' "$run/run.json") $(($(wc -l < "$out/$name.csv") - 1)) readings" >&2
}
if [[ "${1:-}" == "--from" ]]; then
  extract "$2" "$3" "${4:-analysis/src/test/resources/leak-corpus/redis}"
  exit 0
fi
out="${1:-analysis/src/test/resources/leak-corpus/redis}"
leaking="${2:-1}"
healthy="${3:-2}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cp soak-profiles/session-store-leak.yaml "$tmp/leaking.yaml"
sed 's/version: v3.2.1/version: v3.2.0/' soak-profiles/session-store-leak.yaml > "$tmp/healthy.yaml"
next() { # first free index for a name prefix
  local n=1; while [[ -e "$out/$1-$n.csv" ]]; do n=$((n + 1)); done; echo "$1-$n"
}
for ((i = 0; i < leaking; i++)); do
  ./soakrig run "$tmp/leaking.yaml" --out "$tmp/run-leak-$i" || true   # exit 1: the gates fail, as they should
  extract "$tmp/run-leak-$i" "$(next redis-64-leak)" "$out"
done
for ((i = 0; i < healthy; i++)); do
  ./soakrig run "$tmp/healthy.yaml" --out "$tmp/run-healthy-$i"
  extract "$tmp/run-healthy-$i" "$(next redis-64-plateau)" "$out"
done
