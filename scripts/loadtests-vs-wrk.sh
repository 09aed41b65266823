#!/usr/bin/env bash
# The load-test tool against wrk, interleaved in one sitting (docs/benchmarks.md; the targets are the ratios
# tool ÷ wrk: at least 0.7× for ping and 0.85× for grabs, so that the tool does not cap what it measures).
#   scripts/loadtests-vs-wrk.sh ping [ROUNDS]   GET /health/live, 64 connections: wrk, then the tool, per round
#   scripts/loadtests-vs-wrk.sh grab [ROUNDS]   hot-envelope grabs, 256 connections, 100,000 shares: wrk on a fresh
#                                               API, then the tool with --embedded (its own fresh child API), per round
# Env: DURATION (10s), ROUNDS (5), PORT (5381; silo and gateway ports are PORT+6120 and PORT+25120),
#      TOOL (default: the Release build, run as documented, with nothing set in the environment: the tool runs its
#            socket continuations inline by itself; build with dotnet build -c Release loadtests),
#      NO_INLINE=1 (also run TOOL with --no-inline-completions in each round, to see what inline completions give),
#      BASELINE_TOOL (optional: another build of the tool, run after TOOL in each round, e.g. the commit before a change),
#      TOKENS (grab: a token file of an earlier run, development tokens live 8 hours).
# Each measured round runs under the machine-wide benchmark lock (/tmp/hongbao-bench.lock). Prints one line per round,
# with the load average and each ratio tool/wrk, then the median ratio of each variant over the rounds.
# Needs wrk on PATH (never installed here).
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:?ping or grab}; rounds=${2:-${ROUNDS:-5}}
duration=${DURATION:-10s}; port=${PORT:-5381}
# The documented plain command: the tool arranges inline socket completions itself (docs/load-testing.md).
tool=${TOOL:-dotnet loadtests/bin/Release/net10.0/Hongbao.LoadTests.dll}
baseline=${BASELINE_TOOL:-}
# Whatever the calling shell set, the plain command is measured as documented.
unset DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS
variants="tool${NO_INLINE:+ no-inline}${baseline:+ baseline}"
# The command of one variant, and the flags it adds after the run's own: no-inline is TOOL with inline completions off.
command_of() { if [[ $1 == baseline ]]; then echo "$baseline"; else echo "$tool"; fi; }
flags_of() { if [[ $1 == no-inline ]]; then echo "--no-inline-completions"; fi; }
declare -A ratios=()
# The median of the ratios one variant collected, one per round.
median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{ r[NR] = $1 } END { if (NR == 0) print "n/a"; else if (NR % 2) print r[(NR + 1) / 2]; else printf "%.2f\n", (r[NR / 2] + r[NR / 2 + 1]) / 2 }'; }
report_medians() { for who in $variants; do echo "median $who/wrk over $rounds rounds: $(median "${ratios[$who]:-}")"; done; }
api_dir=src/Api/bin/Release/net10.0
out=$(mktemp -d); echo "logs: $out"
command -v wrk >/dev/null || { echo "wrk is not installed" >&2; exit 1; }
[[ -f $api_dir/Hongbao.Api.dll ]] || { echo "build first: dotnet build -c Release loadtests" >&2; exit 1; }

api=
start_api() {
  local data; data=$(mktemp -d "$out/api-XXXX")
  (cd "$api_dir" && exec env ASPNETCORE_ENVIRONMENT=Development Hongbao__Storage__Sqlite__Path="$data/h.db" \
     Hongbao__Cluster__SiloPort=$((port + 6120)) Hongbao__Cluster__GatewayPort=$((port + 25120)) \
     Hongbao__RateLimits__Enabled=false Logging__LogLevel__Default=Warning \
     dotnet Hongbao.Api.dll --urls "http://127.0.0.1:$port" >"$data/api.log" 2>&1) &
  api=$!
  for _ in $(seq 450); do curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready" && return; sleep 0.2; done
  echo "API did not become ready: $data/api.log" >&2; exit 1
}
stop_api() { [[ -z $api ]] || { kill "$api"; wait "$api" 2>/dev/null || true; api=; }; }
trap stop_api EXIT

# The tool's figure: success/s of the final "done" line (business successes; for ping every 2xx).
tool_rate() { grep -E '\] done ' "$1" | tail -1 | sed -E 's/.*success\/s=([0-9]+).*/\1/'; }
# CPU seconds (user + system) of a finished command, from /usr/bin/time -f.
cpu_of() { awk '/^cpu / { print $2 + $3 }' "$1"; }

if [[ $what == ping ]]; then
  start_api
  for i in $(seq "$rounds"); do
    ping() { echo "/usr/bin/time -f 'cpu %U %S' -o $out/$1-$i.time $2 run ping --target http://127.0.0.1:$port --copies 64 \
               --duration $duration --warmup 2s --report-dir $out/reports-$1-$i $(flags_of "$1") >$out/$1-$i.txt 2>&1"; }
    runs=""
    for who in $variants; do runs+="$(ping "$who" "$(command_of "$who")")"$'\n'; done
    flock /tmp/hongbao-bench.lock bash -c "
      wrk -t2 -c64 -d$duration http://127.0.0.1:$port/health/live >$out/wrk-$i.txt 2>&1
      $runs"
    w=$(awk '/Requests\/sec/ { printf "%.0f", $2 }' "$out/wrk-$i.txt")
    line="round $i: wrk $w req/s"
    for who in $variants; do
      t=$(tool_rate "$out/$who-$i.txt")
      r=$(awk -v t="$t" -v w="$w" 'BEGIN { printf "%.2f", t / w }')
      ratios[$who]+=" $r"
      line+="; $who $t ok/s (CPU $(cpu_of "$out/$who-$i.time") s, ratio $r)"
    done
    echo "$line; $(uptime | sed 's/.*load/load/')"
  done
  report_medians
elif [[ $what == grab ]]; then
  shares=100000; tokens=${TOKENS:-$out/tokens.txt}
  for i in $(seq "$rounds"); do
    start_api
    [[ -s $tokens ]] || python3 scripts/wrk/prepare.py tokens "http://127.0.0.1:$port" "$shares" "$tokens"
    warm=$(python3 scripts/wrk/prepare.py envelope "http://127.0.0.1:$port" "$shares")
    envelope=$(python3 scripts/wrk/prepare.py envelope "http://127.0.0.1:$port" "$shares")
    flock /tmp/hongbao-bench.lock bash -c "
      TOKENS_FILE=$tokens ENVELOPE_ID=$warm WRK_THREADS=2 wrk -t2 -c256 -d3s -s scripts/wrk/grab.lua http://127.0.0.1:$port >/dev/null 2>&1
      TOKENS_FILE=$tokens ENVELOPE_ID=$envelope WRK_THREADS=2 wrk -t2 -c256 -d$duration --latency -s scripts/wrk/grab.lua \
        http://127.0.0.1:$port >$out/wrk-$i.txt 2>&1"
    stop_api
    w=$(awk '/^RESULT/ { for (k = 2; k <= NF; k++) { split($k, kv, "="); if (kv[1] == "granted_per_s") printf "%.0f", kv[2] } }' "$out/wrk-$i.txt")
    line="round $i: wrk $w granted/s"
    for who in $variants; do
      command=$(command_of "$who")
      flock /tmp/hongbao-bench.lock $command run hot-envelope --embedded --copies 256 --shares $shares --duration "$duration" \
        --warmup 3s --report-dir "$out/reports-$who-$i" $(flags_of "$who") >"$out/$who-$i.txt" 2>&1
      t=$(tool_rate "$out/$who-$i.txt")
      r=$(awk -v t="$t" -v w="$w" 'BEGIN { printf "%.2f", t / w }')
      ratios[$who]+=" $r"
      line+="; $who --embedded $t granted/s (ratio $r, audit $(grep -oE 'audit hot-envelope: [A-Z]+' "$out/$who-$i.txt" | awk '{print $3}'))"
    done
    echo "$line; $(uptime | sed 's/.*load/load/')"
  done
  report_medians
else
  echo "usage: $0 ping|grab [ROUNDS]" >&2; exit 2
fi
