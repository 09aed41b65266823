#!/usr/bin/env bash
# Every figure in docs/benchmarks.md, measured side by side in one session on this machine.
#   scripts/bench.sh [all|engine|http|naive|festival|telemetry|harness|cluster|http-wrk]   (default: all)
# Prints one markdown row per run; reports land in ./reports/bench-<timestamp>/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
what=${1:-all}
out="$root/reports/bench-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
duration=${BENCH_DURATION:-15s}
warmup=${BENCH_WARMUP:-3s}

if [[ $what == http-wrk ]] && ! command -v wrk >/dev/null; then
  echo "wrk is not installed: apt-get install wrk" >&2
  exit 1
fi
dotnet build -c Release loadtests -v q -nologo >"$out/build.log" 2>&1

# run LABEL -- loadtests arguments...: one row: label | ok rps | p50 | p99 | dropped | fails | audit | server figures
run() {
  local label=$1; shift; shift
  local dir="$out/$(echo "$label" | tr -c 'A-Za-z0-9' '-')"
  dotnet run -c Release --project loadtests --no-build -- run "$@" --duration "$duration" --warmup "$warmup" --report-dir "$dir" >"$dir.log" 2>&1 || true
  python3 - "$label" "$dir" <<'PY'
import glob, json, sys
label, folder = sys.argv[1], sys.argv[2]
files = glob.glob(folder + "/*/report.json")
if not files:
    print(f"| {label} | run failed, see {folder}.log |"); sys.exit()
r = json.load(open(files[0])); s = r["scenarios"][0]["stats"]; ok = s["ok"]
audit = "pass" if all(a["passed"] for a in r["audits"]) else ("n/a" if not r["audits"] else "FAIL")
server = "; ".join(f"{k[7:]}: {v}" for k, v in r["metadata"].items() if k.startswith("server ") and "grabs" not in k)
print(f"| {label} | {s.get('successRps', ok['rps']):.0f} | {ok['latency']['p50Ms']:.1f} | {ok['latency']['p99Ms']:.1f} | {s['dropped']} | {s['fail']['count']} | {audit} | {server} |")
PY
}

echo "| run | success/s | p50 ms | p99 ms | dropped | fails | audit | server |"
echo "|---|---|---|---|---|---|---|---|"
if [[ $what == all || $what == engine ]]; then
  for rate in ${ENGINE_RATES:-5000 10000 20000}; do run "hot-envelope grain, group commit, $rate/s" -- hot-envelope --mode grain --rate $rate; done
fi
if [[ $what == all || $what == naive ]]; then
  for rate in ${NAIVE_RATES:-500 1000 2000}; do
    Hongbao__Envelopes__WritePerGrab=true run "hot-envelope grain, NAIVE write per grab, $rate/s" -- hot-envelope --mode grain --rate $rate
  done
fi
if [[ $what == all || $what == http ]]; then
  for rate in ${HTTP_RATES:-1000 2000 4000}; do run "hot-envelope HTTP embedded, $rate/s" -- hot-envelope --embedded --rate $rate; done
fi
if [[ $what == all || $what == festival ]]; then
  for rate in ${FESTIVAL_RATES:-500 1000}; do run "festival HTTP embedded, $rate/s" -- festival --embedded --rate $rate; done
fi
if [[ $what == all || $what == telemetry ]]; then
  Hongbao__Telemetry__Enabled=false Hongbao__Telemetry__Dashboard=false run "hot-envelope HTTP embedded 2000/s, telemetry OFF" -- hot-envelope --embedded --rate 2000
  run "hot-envelope HTTP embedded 2000/s, telemetry ON" -- hot-envelope --embedded --rate 2000
fi
if [[ $what == all || $what == harness ]]; then
  # The harness's own ceiling (GET /health/live, closed model) beside wrk on the same endpoint of the same server.
  dotnet build -c Release src/Api -v q -nologo >>"$out/build.log" 2>&1
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  data=$(mktemp -d)
  (cd src/Api/bin/Release/net10.0 && ASPNETCORE_ENVIRONMENT=Development Hongbao__Storage__Sqlite__Path="$data/h.db" \
     Hongbao__Cluster__SiloPort=$((port + 1)) Hongbao__Cluster__GatewayPort=$((port + 2)) Hongbao__RateLimits__Enabled=false \
     exec dotnet Hongbao.Api.dll --urls "http://127.0.0.1:$port" >"$out/ping-api.log" 2>&1) &
  api=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready"; do sleep 0.2; done
  run "ping (harness), 64 copies" -- ping --target "http://127.0.0.1:$port" --copies 64
  echo "| ping (wrk -t2 -c64 -d${duration}) | $(wrk -t2 -c64 -d"$duration" "http://127.0.0.1:$port/health/live" | awk '/Requests\/sec/ {printf "%.0f", $2}') | | | | | | |"
  kill "$api"; wait "$api" 2>/dev/null || true
  rm -rf "$data"
fi
if [[ $what == cluster ]]; then
  # Not in "all": it needs ports 5080-5081 free.
  scripts/cluster.sh up --silos 3 --apis 2 --loadtest >"$out/cluster.log"
  run "hot-envelope cluster 3 silos 2 APIs PostgreSQL, 2000/s" -- hot-envelope --target http://127.0.0.1:5080 --target http://127.0.0.1:5081 --rate 2000
  run "festival cluster 3 silos 2 APIs PostgreSQL, 500/s" -- festival --target http://127.0.0.1:5080 --target http://127.0.0.1:5081 --rate 500
  scripts/cluster.sh down >>"$out/cluster.log"
  run "hot-envelope embedded SQLite, 2000/s" -- hot-envelope --embedded --rate 2000
  run "festival embedded SQLite, 500/s" -- festival --embedded --rate 500
fi
if [[ $what == http-wrk ]]; then
  # Grabs over HTTP from wrk (C, 256 connections, a distinct user's token per request) against the embedded API in
  # Release, telemetry on and off interleaved, beside the grain-level figure of the same session. Not in "all": needs wrk.
  # Users must outnumber the grabs of a run (else wrk wraps around and repeats get 200, counted as other statuses).
  connections=${WRK_CONNECTIONS:-256}; users=${WRK_USERS:-100000}; shares=${WRK_SHARES:-100000}; repeat=${WRK_REPEAT:-2}
  # WRK_TOKENS: reuse a token file of an earlier run (development tokens live 8 hours) instead of minting again.
  tokens=${WRK_TOKENS:-$out/tokens.txt}
  # WRK_BASELINE_DIR: also measure another build's output (e.g. src/Api/bin/Release/net10.0 of an older commit),
  # interleaved with this tree's, for before/after ratios from one sitting.
  dotnet build -c Release src/Api -v q -nologo >>"$out/build.log" 2>&1
  [[ -n ${WRK_SKIP_GRAIN:-} ]] || run "grain level (no HTTP), closed model, $connections copies, 100,000 shares" -- hot-envelope --mode grain --copies "$connections" --config scripts/wrk/grain-hot-envelope.json

  free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
  # wrk_run LABEL TELEMETRY API_DIR: a fresh API and database, a warm-up envelope, then the measured one.
  wrk_run() {
    local label=$1 telemetry=$2 dir=$3 port data api envelope
    port=$(free_port); data=$(mktemp -d)
    # ON is each build's default telemetry; OFF also turns the dashboard off (older builds had it on by default).
    local dashboard=; [[ $telemetry == false ]] && dashboard=false
    (cd "$dir" && exec env ASPNETCORE_ENVIRONMENT=Development Hongbao__Storage__Sqlite__Path="$data/h.db" \
       ${dashboard:+Hongbao__Telemetry__Dashboard=$dashboard} Hongbao__Telemetry__Enabled="$telemetry" Hongbao__RateLimits__Enabled=false \
       Logging__LogLevel__Default=Warning dotnet Hongbao.Api.dll --urls "http://127.0.0.1:$port" --Hongbao:Cluster:SiloPort="$(free_port)" \
       --Hongbao:Cluster:GatewayPort="$(free_port)" >"$out/wrk-api-$port.log" 2>&1) &
    api=$!
    for _ in $(seq 300); do curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready" && break; sleep 0.2; done
    [[ -s $tokens ]] || python3 scripts/wrk/prepare.py tokens "http://127.0.0.1:$port" "$users" "$tokens"
    local cpu_ticks_before=0 cpu_ticks_after=0
    for phase in warmup measured; do
      envelope=$(python3 scripts/wrk/prepare.py envelope "http://127.0.0.1:$port" "$shares")
      cpu_ticks_before=$(awk '{ print $14 + $15 }' "/proc/$api/stat")
      TOKENS_FILE="$tokens" ENVELOPE_ID=$envelope WRK_THREADS=2 \
        wrk -t2 -c"$connections" -d"$([[ $phase == warmup ]] && echo "$warmup" || echo "$duration")" --latency -s scripts/wrk/grab.lua \
        "http://127.0.0.1:$port" >"$out/wrk-$phase-$port.txt" 2>&1 || true
      cpu_ticks_after=$(awk '{ print $14 + $15 }' "/proc/$api/stat")
    done
    kill "$api"; wait "$api" 2>/dev/null || true
    rm -rf "$data"
    # Server CPU per granted grab (user + system time of the API process during the measured run): on a machine shared
    # with other work it varies far less than throughput, and its ratio is the throughput ratio on an idle machine.
    awk -v label="$label" -v ticks=$((cpu_ticks_after - cpu_ticks_before)) -v hz="$(getconf CLK_TCK)" '/^RESULT/ {
      for (i = 2; i <= NF; i++) { split($i, kv, "="); r[kv[1]] = kv[2] }
      printf "| %s | %s | %s | %s | | %s | | granted %s, other statuses %s; server CPU %.3f ms per grant |\n", label, r["granted_per_s"],
        r["p50_ms"], r["p99_ms"], r["socket_errors"], r["granted"], r["other"], (r["granted"] > 0 ? 1000 * ticks / hz / r["granted"] : 0) }' \
      "$out/wrk-measured-$port.txt"
  }
  for i in $(seq "$repeat"); do
    for telemetry in true false; do
      on_off=$([[ $telemetry == true ]] && echo ON || echo OFF)
      if [[ -n ${WRK_BASELINE_DIR:-} ]]; then
        wrk_run "wrk grab HTTP, BASELINE, telemetry $on_off, $connections connections (run $i)" "$telemetry" "$WRK_BASELINE_DIR"
      fi
      wrk_run "wrk grab HTTP, telemetry $on_off, $connections connections (run $i)" "$telemetry" src/Api/bin/Release/net10.0
    done
  done
fi
echo "reports: $out"
