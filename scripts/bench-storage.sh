#!/usr/bin/env bash
# The storage benchmarks, side by side in one sitting (docs/benchmarks.md, "Storage: cross-grain group commit"):
#   1. festival, grain level, closed model: batched transactions against BatchMax=1 (one transaction per change);
#   2. the hot envelope, grain level, closed model, with more shares than the run can grant (400,000);
#   3. the PostgreSQL row-lock pattern (pgbench, synchronous_commit=on) on a throwaway cluster, at the same client counts.
# Usage: scripts/bench-storage.sh   (BENCH_DURATION=10s, BENCH_COPIES="256", ROWLOCK_ENVELOPES=10000)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
duration=${BENCH_DURATION:-10s}
copies_list=${BENCH_COPIES:-256}
envelopes=${ROWLOCK_ENVELOPES:-10000}
out="$root/reports/bench-storage-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
for tool in pgbench initdb pg_ctl; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install postgresql-15 postgresql-client-15"; exit 1; }
done

dotnet build -c Release loadtests -v q -nologo >"$out/build.log" 2>&1

# loadtest LABEL -- arguments: one row per run, read from report.json (answered/s counts every answer, as pgbench
# counts every transaction; success/s only granted grabs and created envelopes; p50, p99, p99 of every step).
loadtest() {
  local label=$1; shift; shift
  local dir="$out/$(echo "$label" | tr -c 'A-Za-z0-9' '-')"
  dotnet run -c Release --project loadtests --no-build -- run "$@" --mode grain --duration "$duration" --warmup 2s --report-dir "$dir" >"$dir.log" 2>&1 || true
  python3 - "$label" "$dir" <<'PY'
import glob, json, sys
label, folder = sys.argv[1], sys.argv[2]
files = glob.glob(folder + "/*/report.json")
if not files:
    print(f"| {label} | run failed, see {folder}.log |"); sys.exit()
r = json.load(open(files[0])); sc = r["scenarios"][0]; s = sc["stats"]; ok = s["ok"]
steps = "; ".join(f"{st['name']} p99 {st['ok']['latency']['p99Ms']:.1f} ms" for st in s.get("steps", []) if st["ok"]["count"])
audit = "pass" if all(a["passed"] for a in r["audits"]) else ("n/a" if not r["audits"] else "FAIL")
print(f"| {label} | {ok['rps']:.0f} | {s.get('successRps', ok['rps']):.0f} | {ok['latency']['p50Ms']:.1f} | {ok['latency']['p99Ms']:.1f} | {steps} | {s['fail']['count']} | {audit} |")
PY
}

# The row-lock baseline on a throwaway PostgreSQL 15 in a temp folder, on a free loopback port.
pg=$(mktemp -d); chmod 755 "$pg"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
as_pg() { if [ "$(id -u)" = 0 ]; then chown -R postgres "$pg"; runuser -u postgres -- "$@"; else "$@"; fi; }
as_pg initdb -D "$pg/data" -A trust -U postgres >"$out/initdb.log"
as_pg pg_ctl -D "$pg/data" -l "$pg/log" -o "-p $port -k $pg -c listen_addresses=127.0.0.1 -c max_connections=300 -c synchronous_commit=on -c fsync=on" -w start >/dev/null
trap 'as_pg pg_ctl -D "$pg/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$pg"' EXIT
psql -q -h 127.0.0.1 -p "$port" -U postgres -v envelopes="$envelopes" -f scripts/pg-rowlock/schema.sql
rowlock() {
  local clients=$1
  local tps
  tps=$(pgbench -h 127.0.0.1 -p "$port" -U postgres -n -c "$clients" -j 2 -T "${duration%s}" -D envelopes="$envelopes" -f scripts/pg-rowlock/grab.sql postgres 2>>"$out/pgbench.log" \
    | awk '/^tps/ {printf "%.0f", $3}')
  echo "| PostgreSQL row lock, $envelopes envelopes, $clients clients (pgbench; every transaction) | $tps | | | | | | |"
}

echo "| run | answered/s | success/s | p50 ms | p99 ms | steps | fails | audit |"
echo "|---|---|---|---|---|---|---|---|"
for copies in $copies_list; do
  loadtest "festival grain, batched, $copies copies" -- festival --copies "$copies"
  Hongbao__Storage__BatchMax=1 loadtest "festival grain, BatchMax=1, $copies copies" -- festival --copies "$copies"
  rowlock "$copies"
done
# The envelope must outlast the run: raise the engine's share limit for it.
Hongbao__Envelopes__SharesMax=1000000 loadtest "hot-envelope grain, 400,000 shares, 256 copies" -- hot-envelope --copies 256 --shares 400000
echo "reports: $out"
