#!/usr/bin/env bash
# Settlement keeping up with the hot envelope (docs/benchmarks.md, "Settlement"):
#   1. grain level, closed model, 256 copies, an envelope with more shares than the run can grant: the engine's own
#      counters, sampled every second with dotnet-counters (granted/s, credits/s, settlement backlog, settlement-lag
#      p99), and how long after the last grant the backlog reached zero;
#   2. over HTTP (--embedded: the API as its own process), closed model: the server's settlement lag from /metrics.
# Usage: scripts/bench-settlement.sh   (BENCH_DURATION=10s, BENCH_COPIES=256, BENCH_SHARES=400000, BENCH_RUNS=1)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
duration=${BENCH_DURATION:-10s}
copies=${BENCH_COPIES:-256}
shares=${BENCH_SHARES:-400000}
runs=${BENCH_RUNS:-1}
counters=${DOTNET_COUNTERS:-$(command -v dotnet-counters || echo "$HOME/.dotnet/tools/dotnet-counters")}
[ -x "$counters" ] || { echo "dotnet-counters is missing: dotnet tool install -g dotnet-counters" >&2; exit 1; }
out="$root/reports/bench-settlement-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
dotnet build -c Release loadtests -v q -nologo >"$out/build.log" 2>&1
dotnet build -c Release src/Api -v q -nologo >>"$out/build.log" 2>&1
tool="loadtests/bin/Release/net10.0/Hongbao.LoadTests.dll"
# The envelope must outlast the run: raise the engine's share limit for it (both the in-process silo and the child API read it).
export Hongbao__Envelopes__SharesMax=1000000

echo "| run | granted/s | grab p99 ms | credits/s | backlog max | backlog zero after the last grant | settlement lag p99 (per second, max) | load average |"
echo "|---|---|---|---|---|---|---|---|"
for i in $(seq 1 "$runs"); do
  dir="$out/grain-$i"
  mkdir -p "$dir"
  before=$(cut -d' ' -f1 /proc/loadavg)
  dotnet "$tool" run hot-envelope --mode grain --copies "$copies" --shares "$shares" --duration "$duration" --warmup 2s \
    --report-dir "$dir/report" >"$dir/run.log" 2>&1 &
  pid=$!
  sleep 1.5
  "$counters" collect -p "$pid" --counters Hongbao,System.Runtime --refresh-interval 1 --format csv -o "$dir/counters.csv" >"$dir/counters.log" 2>&1 &
  wait "$pid" || true
  after=$(cut -d' ' -f1 /proc/loadavg)
  python3 - "$dir" "$before-$after" <<'PY'
import csv, glob, json, sys
folder, load = sys.argv[1], sys.argv[2]
reports = glob.glob(folder + "/report/*/report.json")
if not reports:
    print(f"| hot envelope, grain level | run failed, see {folder}/run.log |"); sys.exit()
s = json.load(open(reports[0]))["scenarios"][0]["stats"]
series = {}
for row in list(csv.reader(open(folder + "/counters.csv")))[1:]:
    series.setdefault(row[0], {})[row[2]] = float(row[4])
times = list(series)
granted = lambda t: series[t].get("hongbao.grabs ({grab} / 1 sec)[outcome=granted]", 0.0)
credits = lambda t: series[t].get("hongbao.wallet.credits ({credit} / 1 sec)[result=applied]", 0.0)
backlog = lambda t: series[t].get("hongbao.settlement.backlog ({grab})")
lag99 = [v.get("hongbao.settlement.lag (s)[Percentile=99]") for v in series.values()]
granting = [i for i, t in enumerate(times) if granted(t) > 0]
last = granting[-1] if granting else 0
zero = next((i for i in range(last, len(times)) if backlog(times[i]) == 0), None)
drain = "never (in the sample)" if zero is None else f"≤ {zero - last + 1} s"
active = times[granting[0]:last + 1] if granting else []
credits_rate = sum(credits(t) for t in active) / max(1, len(active))
lag = max((x for x in lag99 if x is not None), default=float("nan"))
print(f"| hot envelope, grain level, {s['ok']['count']} ok | {s.get('successRps', s['ok']['rps']):.0f} | {s['ok']['latency']['p99Ms']:.0f} | "
      f"{credits_rate:.0f} | {max((backlog(t) or 0) for t in times):.0f} | {drain} | {lag * 1000:.0f} ms | {load} |")
PY

  dir="$out/http-$i"
  before=$(cut -d' ' -f1 /proc/loadavg)
  dotnet "$tool" run hot-envelope --embedded --copies "$copies" --shares "$shares" --duration "$duration" --warmup 2s \
    --report-dir "$dir" >"$dir.log" 2>&1 || true
  after=$(cut -d' ' -f1 /proc/loadavg)
  python3 - "$dir" "$before-$after" <<'PY'
import glob, json, sys
folder, load = sys.argv[1], sys.argv[2]
reports = glob.glob(folder + "/*/report.json")
if not reports:
    print(f"| hot envelope, HTTP | run failed, see {folder}.log |"); sys.exit()
r = json.load(open(reports[0])); s = r["scenarios"][0]["stats"]; m = r["metadata"]
print(f"| hot envelope, HTTP (--embedded), {s['ok']['count']} ok | {s.get('successRps', s['ok']['rps']):.0f} | {s['ok']['latency']['p99Ms']:.0f} | "
      f"{m.get('server credits applied', '?')} credits in the run | | | mean {m.get('server settlement lag mean (ms)', '?')} ms, "
      f"p99 ≤ {m.get('server settlement lag p99 (ms, bucket bound)', '?')} ms (whole run) | {load} |")
PY
done
echo "reports: $out"
