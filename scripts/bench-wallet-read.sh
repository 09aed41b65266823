#!/usr/bin/env bash
# GET /wallets/me for one user beside GET /health/live, on the embedded API in Release: wrk, 64 connections, a warm-up
# first, and the API's CPU per request from /proc. One user's reads all go to one wallet grain, the worst case.
#
#   scripts/bench-wallet-read.sh            this tree
#   BASELINE_DIR=../other scripts/bench-wallet-read.sh   another checkout too, interleaved, for a ratio in one sitting
#
# Env: DURATION (8s), WARMUP (3s), CONNECTIONS (64). Takes the benchmark lock.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk" >&2; exit 1; }
exec 9>/tmp/hongbao-bench.lock
flock -n 9 || { echo "another benchmark holds /tmp/hongbao-bench.lock; waiting" >&2; flock 9; }
duration=${DURATION:-8s}; warmup=${WARMUP:-3s}; connections=${CONNECTIONS:-64}
hz=$(getconf CLK_TCK)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }

measure() { # label tree
  local label=$1 tree=$2 port data api token
  port=$(free_port); data=$(mktemp -d)
  (cd "$tree/src/Api/bin/Release/net10.0" && exec env ASPNETCORE_ENVIRONMENT=Development Hongbao__Storage__Sqlite__Path="$data/h.db" \
     Hongbao__RateLimits__Enabled=false dotnet Hongbao.Api.dll --urls "http://127.0.0.1:$port" \
     --Hongbao:Cluster:SiloPort="$(free_port)" --Hongbao:Cluster:GatewayPort="$(free_port)" >"$data/api.log" 2>&1) &
  api=$!
  for _ in $(seq 300); do curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready" && break; sleep 0.2; done
  # One reader with a funded wallet (so its row exists), through the development token endpoint.
  token=$(python3 - "http://127.0.0.1:$port" <<'PY'
import http.client, json, sys, urllib.parse
url = urllib.parse.urlsplit(sys.argv[1]); conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
def call(method, path, body, token=None, key=None):
    headers = {"Content-Type": "application/json"}
    if token: headers["Authorization"] = "Bearer " + token
    if key: headers["Idempotency-Key"] = key
    conn.request(method, path, json.dumps(body), headers); response = conn.getresponse(); data = response.read()
    if response.status >= 300: raise SystemExit(f"{path}: {response.status} {data[:200]!r}")
    return json.loads(data)
admin = call("POST", "/dev/token", {"userId": "bench-admin", "roles": ["admin"]})["accessToken"]
call("POST", "/wallets/bench-reader/deposits", {"amount": 100}, admin, "bench-reader-fund")
print(call("POST", "/dev/token", {"userId": "bench-reader", "roles": []})["accessToken"])
PY
)
  local path before after requests
  for path in /health/live /wallets/me; do
    wrk -t2 -c"$connections" -d"$warmup" -H "Authorization: Bearer $token" "http://127.0.0.1:$port$path" >/dev/null 2>&1
    before=$(ticks "$api")
    requests=$(wrk -t2 -c"$connections" -d"$duration" --latency -H "Authorization: Bearer $token" "http://127.0.0.1:$port$path" | tee "$data/wrk.txt" |
      awk '/Requests\/sec/ { print $2 }')
    after=$(ticks "$api")
    awk -v label="$label" -v path="$path" -v rps="$requests" -v t=$((after - before)) -v hz="$hz" -v secs="${duration%s}" \
        -v non2xx="$(awk '/Non-2xx/ { print $NF }' "$data/wrk.txt")" -v p99="$(awk '$1 == "99%" { print $2 }' "$data/wrk.txt")" \
        -v load="$(cut -d' ' -f1-3 /proc/loadavg)" 'BEGIN {
      printf "| %s | %s | %.0f | %s | %.0f | %s | %s |\n", label, path, rps, p99, 1e6 * t / hz / (rps * secs), (non2xx == "" ? 0 : non2xx), load }'
  done
  kill "$api"; wait "$api" 2>/dev/null || true
  rm -rf "$data"
}

echo "| build | path | requests/s | p99 | API CPU µs per request | non-2xx | load avg |"
echo "|---|---|---|---|---|---|---|"
dotnet build -c Release src/Api -v q -nologo >/dev/null
[ -z "${BASELINE_DIR:-}" ] || { dotnet build -c Release "$BASELINE_DIR/src/Api" -v q -nologo >/dev/null; measure "baseline ($(git -C "$BASELINE_DIR" rev-parse --short HEAD))" "$BASELINE_DIR"; }
measure "this ($(git rev-parse --short HEAD))" "$root"
