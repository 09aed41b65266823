#!/usr/bin/env bash
# The Redis + Lua baseline: a hot-envelope grab as one Lua script (grab.lua) on a throwaway redis-server with every
# write fsynced before it is answered (appendonly, appendfsync always), driven by redis-benchmark.
#
#   scripts/redis-grab/run.sh
#
# Env: CLIENTS (256), REQUESTS (1,000,000 measured), WARMUP_REQUESTS (200,000), SHARES (3,000,000: more than every
# request of the run, so the envelope never runs out). Installs redis-server and redis-tools with apt-get when missing.
# Every request is a random user among 2·10^9 (redis-benchmark's __rand_int__), so a repeat grab is rare; it is
# answered -1 and is not a grant. Prints one markdown row: grants/s, CPU of redis-server per grant, the load average.
# Takes the benchmark lock (/tmp/hongbao-bench.lock) while it measures.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
clients=${CLIENTS:-256}; requests=${REQUESTS:-1000000}; warmup=${WARMUP_REQUESTS:-200000}; shares=${SHARES:-3000000}

if ! command -v redis-server >/dev/null || ! command -v redis-benchmark >/dev/null; then
  (apt-get install -y redis-server redis-tools || (apt-get update && apt-get install -y redis-server redis-tools)) >/dev/null
fi
exec 9>/tmp/hongbao-bench.lock
flock -n 9 || { echo "another benchmark holds /tmp/hongbao-bench.lock; waiting" >&2; flock 9; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
data=$(mktemp -d)
redis-server --port "$port" --bind 127.0.0.1 --dir "$data" --appendonly yes --appendfsync always --save "" \
  --protected-mode yes --logfile "$data/redis.log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
cli() { redis-cli -p "$port" "$@"; }
for _ in $(seq 100); do cli ping >/dev/null 2>&1 && break; sleep 0.1; done

# The envelope: shares of 1 to 19 fen, pushed in pipelined batches of 1,000.
python3 - "$shares" <<'PY' | cli --pipe >/dev/null
import random, sys
random.seed(42)
out = sys.stdout
left = int(sys.argv[1])
while left:
    n = min(1000, left); left -= n
    args = ["RPUSH", "env:shares"] + [str(random.randint(1, 19)) for _ in range(n)]
    out.write("*%d\r\n" % len(args) + "".join("$%d\r\n%s\r\n" % (len(a), a) for a in args))
PY
[ "$(cli llen env:shares)" -eq "$shares" ] || { echo "the envelope's shares did not load" >&2; exit 1; }
sha=$(cli script load "$(cat "$here/grab.lua")")

grab() { redis-benchmark -p "$port" -c "$clients" -n "$1" -r 2000000000 -q EVALSHA "$sha" 3 env:shares env:grabbed env:settle "u:__rand_int__"; }
grab "$warmup" >/dev/null
settled_before=$(cli llen env:settle)
ticks_before=$(sed 's/^.*) //' "/proc/$server/stat" | awk '{ print $12 + $13 }')
started=$(date +%s.%N)
rate=$(grab "$requests" | tr '\r' '\n' | awk '/requests per second/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9.]+$/) v = $i } END { print v }')
elapsed=$(echo "$(date +%s.%N) - $started" | bc)
ticks_after=$(sed 's/^.*) //' "/proc/$server/stat" | awk '{ print $12 + $13 }')
grants=$(( $(cli llen env:settle) - settled_before ))
awk -v rate="$rate" -v grants="$grants" -v requests="$requests" -v secs="$elapsed" -v ticks=$((ticks_after - ticks_before)) \
    -v hz="$(getconf CLK_TCK)" -v clients="$clients" -v load="$(cut -d' ' -f1-3 /proc/loadavg)" 'BEGIN {
  printf "| Redis + Lua grab, appendfsync always, %d clients | %.0f grants/s (%d of %d requests granted; redis-benchmark: %s req/s) | redis-server CPU %.1f µs per grant | load %s |\n",
    clients, grants / secs, grants, requests, rate, 1e6 * ticks / hz / grants, load }'
