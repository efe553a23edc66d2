#!/usr/bin/env bash
# Records the leak detector's corpus of real memory signals: the leak-fixture service
# (harness/src/test/java/io/soakrig/fixture/leak) run as its own JVM under G1, Parallel and
# generational ZGC, heaps 256 MiB-2 GiB, 200 req/s of open-model load, scraped once a second.
# Leaks of 0.5-50 MiB/min on the heap and in direct buffers (RSS only), caches filling to a plateau,
# one-time steps, steady services. Each batch runs its fixtures side by side.
#
#   bench/scripts/record-leak-corpus.sh [OUT_DIR=analysis/src/test/resources/leak-corpus] [LEAK_SECONDS=480] [HEALTHY_SECONDS=720]
#
# ZGC runs on the newest JDK under /usr/lib/jvm (generational ZGC needs JDK 21+); the others on `java`.
# Leak rates are set per request: bytes = MiB/min x 1048576 / (200 x 60).
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-analysis/src/test/resources/leak-corpus}"
leak_s="${2:-480}"
healthy_s="${3:-720}"
jdk25="$(ls -d /usr/lib/jvm/temurin-2*/bin/java /usr/lib/jvm/*-2[1-9]*/bin/java 2>/dev/null | head -1 || true)"
if [[ -z "$jdk25" ]]; then echo "record-leak-corpus: no JDK 21+ under /usr/lib/jvm for generational ZGC" >&2; exit 2; fi
if [[ ! -f harness/target/test-classes/io/soakrig/fixture/leak/CorpusRecorder.class ]]; then
  ./mvnw -B -q -pl harness -am test-compile
fi
rec() { java -cp harness/target/test-classes io.soakrig.fixture.leak.CorpusRecorder "$out" "$@"; }
z="java=$jdk25,gc=ZGC"
# leaks on the heap, every collector, and native leaks seen only in RSS
rec "$leak_s" \
  g1-512-leak2:gc=G1,heapMb=512,leakBytes=175 g1-512-leak5:gc=G1,heapMb=512,leakBytes=437 \
  g1-1024-leak25:gc=G1,heapMb=1024,leakBytes=2185 g1-256-leak50:gc=G1,heapMb=256,leakBytes=4369 \
  g1-2048-leak0.5:gc=G1,heapMb=2048,leakBytes=44 par-512-leak2:gc=Parallel,heapMb=512,leakBytes=175 \
  par-1024-leak25:gc=Parallel,heapMb=1024,leakBytes=2185 zgc-512-leak2:$z,heapMb=512,leakBytes=175 \
  zgc-1024-leak25:$z,heapMb=1024,leakBytes=2185 g1-512-native2:gc=G1,heapMb=512,nativeLeakBytes=175 \
  g1-512-native25:gc=G1,heapMb=512,nativeLeakBytes=2185
# steady services
rec "$healthy_s" \
  g1-256-steady:gc=G1,heapMb=256 g1-512-steady:gc=G1,heapMb=512 g1-1024-steady:gc=G1,heapMb=1024 \
  g1-2048-steady:gc=G1,heapMb=2048 par-256-steady:gc=Parallel,heapMb=256 par-512-steady:gc=Parallel,heapMb=512 \
  par-1024-steady:gc=Parallel,heapMb=1024 zgc-512-steady:$z,heapMb=512 zgc-1024-steady:$z,heapMb=1024 \
  zgc-2048-steady:$z,heapMb=2048
# caches filling to a plateau (time constant users/rate: 1-2 min) and one-time steps
rec "$healthy_s" \
  g1-512-plateau1:gc=G1,heapMb=512,cacheUsers=12000 g1-1024-plateau2:gc=G1,heapMb=1024,cacheUsers=24000 \
  par-512-plateau1:gc=Parallel,heapMb=512,cacheUsers=12000 zgc-1024-plateau2:$z,heapMb=1024,cacheUsers=24000 \
  g1-2048-plateau2:gc=G1,heapMb=2048,cacheUsers=24000,cacheEntryBytes=8192 \
  g1-512-step:gc=G1,heapMb=512,stepAfterSeconds=120,stepMb=50 par-512-step:gc=Parallel,heapMb=512,stepAfterSeconds=120,stepMb=50 \
  zgc-512-step:$z,heapMb=512,stepAfterSeconds=120,stepMb=50 g1-1024-step:gc=G1,heapMb=1024,stepAfterSeconds=180,stepMb=200 \
  par-1024-step:gc=Parallel,heapMb=1024,stepAfterSeconds=180,stepMb=200
rm -f "$out"/*.log
echo "record-leak-corpus: $(ls "$out"/*.csv | wc -l) recordings in $out" >&2
