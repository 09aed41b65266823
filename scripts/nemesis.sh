#!/usr/bin/env bash
# The nemesis: festival load over HTTP on 3 silos, 2 API nodes and a throwaway PostgreSQL, with a silo killed
# (SIGKILL), a silo frozen for 3 s (SIGSTOP) and PostgreSQL stopped at once and started again, at seeded times
# (tests/Hongbao.Cluster.Tests/Failure/NemesisTests.cs, Category=Nemesis; opt-in, so `dotnet test` skips it).
#
#   scripts/nemesis.sh [RUNS]        RUNS runs in a row (default 1); stops at the first that fails
#   HONGBAO_NEMESIS_SEED=N scripts/nemesis.sh   replays one schedule
#
# Each run prints: nemesis: N faults, A acknowledged, L lost, D doubled, conserved yes|no, unsettled U
# and passes only with 0 lost, 0 doubled, conserved, and every envelope settled.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-1}
for project in src/Silo src/Api tests/Hongbao.Cluster.Tests; do dotnet build -v q -nologo "$project" >/dev/null; done
for run in $(seq "$runs"); do
  log=$(mktemp)
  started=$(date +%s)
  status=0
  HONGBAO_NEMESIS=1 dotnet test tests/Hongbao.Cluster.Tests --no-build --filter "Category=Nemesis" \
    --logger "console;verbosity=detailed" >"$log" 2>&1 || status=$?
  echo "run $run ($(( $(date +%s) - started )) s, load $(cut -d' ' -f1-3 /proc/loadavg)): $(grep -o 'nemesis seed [0-9]*' "$log" | head -1); $(grep -o 'nemesis: .*' "$log" | head -1)"
  # A skipped test prints no nemesis line: only a run that printed one and passed counts.
  if [ "$status" -ne 0 ] || ! grep -q 'nemesis: ' "$log"; then
    echo "run $run failed; its log: $log" >&2
    exit 1
  fi
  rm -f "$log"
done
