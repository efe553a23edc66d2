#!/usr/bin/env bash
# Is a stub ever the bottleneck? wrk against soakrig's backend stub and against nginx serving the
# same bytes, then against the perimeter stub proxying to the backend and nginx reverse-proxying
# to it — in one run, alternating, ROUNDS rounds of DURATION each. Prints requests/s per round and
# the ratios stub / nginx (goal: >= 1.0). A fifth column is the floor under the perimeter:
# BareNettyProxy, a Netty proxy doing only what the perimeter does on the wire, so the perimeter's
# gap to nginx splits into Netty's share and the perimeter's own. Loopback only; every process is
# stopped on exit.
#
#   bench/scripts/stubs-vs-nginx.sh [ROUNDS=3] [DURATION=10s] [CONNECTIONS=64]
#
# Needs wrk and nginx (Debian: apt-get install wrk nginx-light); builds soakrig if needed.
set -euo pipefail
rounds=${1:-3}
duration=${2:-10s}
connections=${3:-64}
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
for tool in wrk nginx; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install wrk nginx-light)" >&2; exit 2; }
done
"$home/soakrig" --version >/dev/null   # builds what is missing
cp="$home/harness/target/soakrig.jar:$home/harness/target/lib/*"
bench_jar="$home/bench/target/benchmarks.jar"
[ -f "$bench_jar" ] || (cd "$home" && ./mvnw -B -q install -DskipTests)
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 never opened" >&2; exit 3; }

backend=$(free_port); perimeter=$(free_port); nginx_static=$(free_port); nginx_proxy=$(free_port); bare=$(free_port)
payload=256

cat > "$work/backend.json" <<JSON
{"target":"backend","instance":0,"spec":{"role":"backend","payloadBytes":$payload,"workers":64},
 "upstreams":{},"clusters":{},"port":$backend,"adminPort":0}
JSON
cat > "$work/perimeter.json" <<JSON
{"target":"perimeter","instance":0,"spec":{"role":"perimeter","upstreams":["backend"],
  "perimeter":{"routes":[{"prefix":"/","cluster":"backend"}],"filters":["rate-limit"],
               "rateLimit":{"requestsPerSecond":10000000,"burst":10000000}}},
 "upstreams":{},"clusters":{"backend":["http://127.0.0.1:$backend"]},"port":$perimeter,"adminPort":0}
JSON
head -c "$payload" /dev/zero > "$work/items"
cat > "$work/nginx.conf" <<CONF
worker_processes auto;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  upstream backend { server 127.0.0.1:$backend; keepalive 256; }
  server { listen 127.0.0.1:$nginx_static; root $work; location / { default_type application/octet-stream; try_files /items =404; } }
  server { listen 127.0.0.1:$nginx_proxy; location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection ""; } }
}
CONF

export SOAKRIG_ADMIN_TOKEN=bench-token-0123456789abcdef
java -Xmx512m -cp "$cp" io.soakrig.stubs.StubMain --launch "$work/backend.json" > "$work/backend.log" 2>&1 & pids+=($!)
wait_port "$backend"
java -Xmx512m -cp "$cp" io.soakrig.stubs.StubMain --launch "$work/perimeter.json" > "$work/perimeter.log" 2>&1 & pids+=($!)
java -Xmx512m -cp "$bench_jar" io.soakrig.bench.BareNettyProxy "$bare" "$backend" > "$work/bare.log" 2>&1 & pids+=($!)
nginx -c "$work/nginx.conf" -p "$work" > "$work/nginx.log" 2>&1 & pids+=($!)
wait_port "$perimeter"; wait_port "$nginx_static"; wait_port "$nginx_proxy"; wait_port "$bare"

rps() { wrk -t2 -c"$connections" -d"$duration" "http://127.0.0.1:$1/items/u1" | awk '/Requests\/sec/ {print $2}'; }
# warm-up: JIT the stubs before measuring
rps "$backend" >/dev/null; rps "$perimeter" >/dev/null; rps "$bare" >/dev/null

declare -A sum=([stub]=0 [nginx]=0 [perimeter]=0 [nginx-proxy]=0 [bare]=0)
printf '%-6s %14s %14s %14s %14s %14s\n' round stub nginx perimeter nginx-proxy netty-bare
for r in $(seq "$rounds"); do
  s=$(rps "$backend"); n=$(rps "$nginx_static"); p=$(rps "$perimeter"); np=$(rps "$nginx_proxy"); b=$(rps "$bare")
  printf '%-6s %14s %14s %14s %14s %14s\n' "$r" "$s" "$n" "$p" "$np" "$b"
  sum[stub]=$(python3 -c "print(${sum[stub]}+$s)"); sum[nginx]=$(python3 -c "print(${sum[nginx]}+$n)")
  sum[perimeter]=$(python3 -c "print(${sum[perimeter]}+$p)"); sum[nginx-proxy]=$(python3 -c "print(${sum[nginx-proxy]}+$np)")
  sum[bare]=$(python3 -c "print(${sum[bare]}+$b)")
done
python3 - "${sum[stub]}" "${sum[nginx]}" "${sum[perimeter]}" "${sum[nginx-proxy]}" "${sum[bare]}" <<'PY'
import sys
s, n, p, np_, b = map(float, sys.argv[1:])
print(f"backend stub / nginx static      = {s / n:.2f}")
print(f"perimeter proxy / nginx proxy    = {p / np_:.2f}")
print(f"bare Netty proxy / nginx proxy   = {b / np_:.2f}   (the floor: Netty's share of the gap)")
print(f"perimeter proxy / bare Netty     = {p / b:.2f}   (the perimeter's own share)")
PY
