#!/usr/bin/env bash
# What a granted grab costs: server CPU per granted grab for each process role, beside granted/s and p50/p99.
#
#   scripts/bench-cost.sh [--topologies "embedded cluster:2:1"] [--scenarios "hot festival"] [--rounds 1]
#
# Topologies: "embedded" (the API co-hosting a silo on SQLite) and "cluster:S:M" (scripts/cluster.sh with S silos,
# M API nodes and PostgreSQL). Scenarios, both driven by wrk (C, 256 connections, a distinct user's token on every
# request, tokens signed beforehand so no request mints one):
#   hot       one envelope, every request grabs it;
#   festival  the same crowd spread over FESTIVAL_ENVELOPES envelopes (user i grabs envelope i mod their count), so
#             batches carry many envelopes and many wallets.
# Each run: fresh servers, a warm-up on its own envelope(s), then the measured run. CPU is user + system time read
# from /proc/PID/stat of every process of a role before and after the measured run (PostgreSQL: the postmaster, its
# children, and the time of children that exited), divided by the grants. After each run the envelopes are read
# back: their granted shares must equal the 201s wrk counted, plus at most one a connection for the requests still in
# flight when wrk stopped counting (no acknowledgement lost, none doubled); every other status is a failure.
#
# Env: DURATION (8s), WARMUP (3s), CONNECTIONS (256), USERS (250000), FESTIVAL_ENVELOPES (500),
#      BASELINE_DIR: the root of another checkout (e.g. a git worktree of an older commit); its build is measured
#      too, interleaved with this tree's, run for run, so ratios come from one sitting.
# Hold the benchmark lock while it runs (nothing else may build, test or benchmark): it takes it itself.
# Prints one markdown row per run; logs land in ./reports/bench-cost-<timestamp>/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

topologies="embedded cluster:2:1"; scenarios="hot festival"; rounds=1
while [ $# -gt 0 ]; do
  case $1 in
    --topologies) topologies=$2; shift 2 ;;
    --scenarios) scenarios=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    *) echo "usage: scripts/bench-cost.sh [--topologies \"embedded cluster:S:M\"] [--scenarios \"hot festival\"] [--rounds N]" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk" >&2; exit 1; }

exec 9>/tmp/hongbao-bench.lock
flock -n 9 || { echo "another benchmark holds /tmp/hongbao-bench.lock; waiting" >&2; flock 9; }

duration=${DURATION:-8s}; warmup=${WARMUP:-3s}; connections=${CONNECTIONS:-256}
users=${USERS:-250000}; festival_envelopes=${FESTIVAL_ENVELOPES:-500}
out="$root/reports/bench-cost-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
hz=$(getconf CLK_TCK)
# Enough shares that no run exhausts its envelope: an exhausted envelope turns grants into refusals.
export Hongbao__Envelopes__SharesMax=1000000

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# ticks PID...: user + system clock ticks of these processes (and of their reaped children).
ticks() {
  local total=0 pid
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] || continue
    total=$((total + $(sed 's/^.*) //' "/proc/$pid/stat" | awk '{ print $12 + $13 + $14 + $15 }')))
  done
  echo "$total"
}

# The processes of each role, as "role:pid pid ..." lines.
roles_of() {
  local tree=$1 topology=$2 f
  if [ "$topology" = embedded ]; then echo "api+silo:$(cat "$out/embedded.pid")"; return; fi
  echo "api:$(for f in "$tree"/.cluster/api-*.pid; do cat "$f"; done | tr '\n' ' ')"
  echo "silo:$(for f in "$tree"/.cluster/silo-*.pid; do cat "$f"; done | tr '\n' ' ')"
  local postmaster; postmaster=$(cat "$tree/.cluster/postgres.pid")
  echo "postgres:$postmaster $(pgrep -P "$postmaster" | tr '\n' ' ')"
}

start() { # tree topology -> prints the base URL
  local tree=$1 topology=$2
  if [ "$topology" = embedded ]; then
    local port data; port=$(free_port); data=$(mktemp -d)
    (cd "$tree/src/Api/bin/Release/net10.0" && exec env ASPNETCORE_ENVIRONMENT=Development Hongbao__Storage__Sqlite__Path="$data/h.db" \
       Hongbao__RateLimits__Enabled=false dotnet Hongbao.Api.dll --urls "http://127.0.0.1:$port" \
       --Hongbao:Cluster:SiloPort="$(free_port)" --Hongbao:Cluster:GatewayPort="$(free_port)" >"$out/embedded-$port.log" 2>&1) &
    echo $! >"$out/embedded.pid"; echo "$data" >"$out/embedded.data"
    for _ in $(seq 300); do curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready" && break; sleep 0.2; done
    echo "http://127.0.0.1:$port"
  else
    local silos apis; IFS=: read -r _ silos apis <<<"$topology"
    "$tree/scripts/cluster.sh" up --silos "$silos" --apis "$apis" --loadtest >>"$out/cluster.log" 2>&1
    echo "http://127.0.0.1:5080"
  fi
}

stop() { # tree topology
  if [ "$2" = embedded ]; then
    local pid; pid=$(cat "$out/embedded.pid")
    kill "$pid"
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    rm -rf "$(cat "$out/embedded.data")"
  else
    "$1/scripts/cluster.sh" down >>"$out/cluster.log" 2>&1
  fi
}

signing_key() { # tree topology
  if [ "$2" = embedded ]; then echo "hongbao-embedded-development-signing-key-not-a-secret"
  else sed -n 's/^Hongbao__Auth__SigningKey=//p' "$1/.cluster/cluster.env"; fi
}

# granted_of BASE IDS: granted shares of these envelopes (shares minus remaining), read back from the API.
granted_of() {
  python3 - "$1" "$2" <<'PY'
import http.client, json, sys, urllib.parse, uuid
base, ids = sys.argv[1], sys.argv[2].split(",")
url = urllib.parse.urlsplit(base); conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
conn.request("POST", "/dev/token", json.dumps({"userId": "cost-reader-" + uuid.uuid4().hex[:8], "roles": []}), {"Content-Type": "application/json"})
token = json.loads(conn.getresponse().read())["accessToken"]
granted = 0
for envelope in ids:
    conn.request("GET", f"/envelopes/{envelope}", headers={"Authorization": "Bearer " + token})
    view = json.loads(conn.getresponse().read())
    granted += view["shares"] - view["remainingShares"]
print(granted)
PY
}

measure() { # label tree topology scenario
  local label=$1 tree=$2 topology=$3 scenario=$4 base tokens count shares
  base=$(start "$tree" "$topology")
  tokens="$out/tokens-$(echo "$tree$topology" | md5sum | cut -c1-8).txt"
  python3 scripts/wrk/prepare.py sign "$(signing_key "$tree" "$topology")" "$users" "$tokens"
  if [ "$scenario" = hot ]; then count=1; shares=$users; else count=$festival_envelopes; shares=$(( (users + count - 1) / count )); fi
  local phase envelopes before after role
  declare -A before_ticks after_ticks
  for phase in warmup measured; do
    envelopes=$(python3 scripts/wrk/prepare.py envelope "$base" "$shares" "$count")
    if [ "$phase" = measured ]; then
      while IFS=: read -r role pids; do before_ticks[$role]=$(ticks $pids); done < <(roles_of "$tree" "$topology")
    fi
    TOKENS_FILE="$tokens" ENVELOPE_ID=$envelopes WRK_THREADS=2 \
      wrk -t2 -c"$connections" -d"$([ "$phase" = warmup ] && echo "$warmup" || echo "$duration")" --latency -s scripts/wrk/grab.lua \
      "$base" >"$out/wrk-$phase.txt" 2>&1 || true
    if [ "$phase" = measured ]; then
      while IFS=: read -r role pids; do after_ticks[$role]=$(ticks $pids); done < <(roles_of "$tree" "$topology")
    fi
  done
  local result granted recorded cpu="" total=0 role_ticks
  result=$(grep '^RESULT' "$out/wrk-measured.txt" || echo "RESULT granted=0")
  granted=$(sed 's/.*granted=\([0-9]*\).*/\1/' <<<"$result")
  recorded=$(granted_of "$base" "$envelopes")
  for role in "${!before_ticks[@]}"; do
    role_ticks=$((after_ticks[$role] - before_ticks[$role])); total=$((total + role_ticks))
    cpu+="$role $(awk -v t="$role_ticks" -v hz="$hz" -v g="$granted" 'BEGIN { printf "%.0f", (g > 0 ? 1e6 * t / hz / g : 0) }'); "
  done
  stop "$tree" "$topology"
  awk -v label="$label" -v topology="$topology" -v scenario="$scenario" -v total="$total" -v hz="$hz" -v cpu="$cpu" \
      -v recorded="$recorded" -v connections="$connections" -v load="$(cut -d' ' -f1-3 /proc/loadavg)" '{
    for (i = 2; i <= NF; i++) { split($i, kv, "="); r[kv[1]] = kv[2] }
    # wrk stops counting with requests still in flight (at most one a connection): those may be granted too.
    ok = r["other"] == 0 && recorded >= r["granted"] && recorded <= r["granted"] + connections
    check = ok ? "ok (" recorded ")" : "MISMATCH: " recorded " recorded, " r["other"] " other statuses"
    printf "| %s | %s | %s | %s | %s / %s | **%.0f** | %s| %s | %s |\n", label, topology, scenario, r["granted_per_s"], r["p50_ms"],
      r["p99_ms"], (r["granted"] > 0 ? 1e6 * total / hz / r["granted"] : 0), cpu, check, load }' <<<"$result"
}

echo "| build | topology | scenario | granted/s | p50 / p99 ms | CPU µs per grant, all | per role (µs) | recorded grants | load avg |"
echo "|---|---|---|---|---|---|---|---|---|"
dotnet build -c Release src/Api -v q -nologo >"$out/build.log" 2>&1
[ -z "${BASELINE_DIR:-}" ] || dotnet build -c Release "$BASELINE_DIR/src/Api" -v q -nologo >>"$out/build.log" 2>&1
for round in $(seq "$rounds"); do
  for topology in $topologies; do
    for scenario in $scenarios; do
      [ -z "${BASELINE_DIR:-}" ] || measure "baseline ($(git -C "$BASELINE_DIR" rev-parse --short HEAD))" "$BASELINE_DIR" "$topology" "$scenario"
      measure "this ($(git rev-parse --short HEAD))" "$root" "$topology" "$scenario"
    done
  done
done
echo "logs: $out"
