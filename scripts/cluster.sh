#!/usr/bin/env bash
# A local production-shaped cluster: a throwaway PostgreSQL, N silos and M API nodes, all on 127.0.0.1.
#   scripts/cluster.sh up [--silos 3] [--apis 2] [--loadtest]   start everything, wait until every API is ready
#   scripts/cluster.sh status                                   what runs, with PIDs, URLs and every node's metrics URL
#   scripts/cluster.sh down                                     stop what `up` started and delete the database
# State (PIDs, logs, generated signing key and config, the database) lives in ./.cluster/.
# CLUSTER_PG_OPTIONS: more server options for PostgreSQL, e.g. "-c shared_preload_libraries=pg_stat_statements" to
# profile the statements (then: CREATE EXTENSION pg_stat_statements; SELECT ... FROM pg_stat_statements).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
state="$root/.cluster"
silo_port_base=11200
gateway_port_base=30200
api_port_base=5080
ready_timeout_s=120

die() { echo "cluster.sh: $*" >&2; exit 1; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pg_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] || die "PostgreSQL server binaries not found (apt-get install -y postgresql-15)"
  echo "$dir"
}

# The server refuses to run as root: as root, run its programs as the postgres account.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

start_node() { # name, workdir, log, command...
  local name=$1 dir=$2 log=$3
  shift 3
  (cd "$dir" && exec setsid "$@" >"$log" 2>&1 </dev/null) &
  echo $! >"$state/$name.pid"
}

up() {
  local silos=3 apis=2 loadtest=false
  while [ $# -gt 0 ]; do
    case $1 in
      --silos) silos=$2; shift 2 ;;
      --apis) apis=$2; shift 2 ;;
      --loadtest) loadtest=true; shift ;;
      *) die "unknown option $1" ;;
    esac
  done
  [[ $silos =~ ^[1-9][0-9]?$ && $apis =~ ^[1-9][0-9]?$ ]] || die "--silos and --apis take 1 to 99"
  if ls "$state"/*.pid >/dev/null 2>&1; then die "a cluster is already up ($state); run: scripts/cluster.sh down"; fi
  for i in $(seq 0 $((apis - 1))); do
    port_in_use $((api_port_base + i)) && die "port $((api_port_base + i)) is taken (an embedded API still running?)"
  done

  mkdir -p "$state"
  echo "building (Release)..."
  dotnet build -c Release "$root/src/Silo/Hongbao.Silo.csproj" -v q -nologo >"$state/build.log" 2>&1 || die "silo build failed, see $state/build.log"
  dotnet build -c Release "$root/src/Api/Hongbao.Api.csproj" -v q -nologo >>"$state/build.log" 2>&1 || die "API build failed, see $state/build.log"

  local bindir pgport pgdata
  bindir=$(pg_bindir)
  pgport=$(free_port)
  pgdata="$state/postgres/data"
  mkdir -p "$state/postgres"
  [ "$(id -u)" -eq 0 ] && chown -R postgres: "$state/postgres"
  as_pg "$bindir/initdb" -D "$pgdata" -U postgres -A trust -E UTF8 --locale=C >"$state/postgres-init.log" 2>&1 || die "initdb failed, see $state/postgres-init.log"
  echo "host all all 127.0.0.1/32 trust" >"$pgdata/pg_hba.conf"
  as_pg "$bindir/pg_ctl" -D "$pgdata" -l "$state/postgres/server.log" -w -t 60 start \
    -o "-p $pgport -c listen_addresses=127.0.0.1 -c unix_socket_directories=$state/postgres -c max_connections=400 ${CLUSTER_PG_OPTIONS:-}" >/dev/null
  head -n 1 "$pgdata/postmaster.pid" >"$state/postgres.pid"
  as_pg "$bindir/createdb" -h 127.0.0.1 -p "$pgport" -U postgres hongbao

  # Config shared by every node: generated here, never committed. It holds the signing key, so only the owner may
  # read it: created afresh under umask 077 (a file left by an older run could have wider permissions).
  local key
  key=$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 48)
  rm -f "$state/cluster.env"
  (umask 077; cat >"$state/cluster.env") <<ENV
Hongbao__Storage__Provider=Postgres
Hongbao__Storage__Postgres__ConnectionString="Host=127.0.0.1;Port=$pgport;Database=hongbao;Username=postgres;Maximum Pool Size=60"
Hongbao__Cluster__ServiceId=hongbao-local
Hongbao__Cluster__ClusterId=hongbao-local
Hongbao__Auth__SigningKey=$key
ENV
  set -a; . "$state/cluster.env"; set +a

  local silo_bin="$root/src/Silo/bin/Release/net10.0" api_bin="$root/src/Api/bin/Release/net10.0"
  for i in $(seq 0 $((silos - 1))); do
    Hongbao__Cluster__SiloPort=$((silo_port_base + i)) Hongbao__Cluster__GatewayPort=$((gateway_port_base + i)) \
      start_node "silo-$i" "$silo_bin" "$state/silo-$i.log" dotnet Hongbao.Silo.dll
  done
  for i in $(seq 0 $((apis - 1))); do
    ASPNETCORE_ENVIRONMENT=Development Hongbao__Hosting__Mode=Cluster Hongbao__Auth__DevTokensInCluster=true \
      Hongbao__RateLimits__Enabled=$([ "$loadtest" = true ] && echo false || echo true) \
      start_node "api-$i" "$api_bin" "$state/api-$i.log" dotnet Hongbao.Api.dll --urls "http://127.0.0.1:$((api_port_base + i))"
  done

  local deadline=$((SECONDS + ready_timeout_s))
  for i in $(seq 0 $((apis - 1))); do
    until curl -sf -o /dev/null "http://127.0.0.1:$((api_port_base + i))/health/ready"; do
      alive "$state/api-$i.pid" || die "api-$i exited; see $state/api-$i.log"
      [ $SECONDS -lt $deadline ] || die "api-$i not ready after ${ready_timeout_s}s; see $state/api-$i.log"
      sleep 0.5
    done
  done
  status
}

status() {
  [ -d "$state" ] || { echo "no cluster (run: scripts/cluster.sh up)"; return 0; }
  local f name
  for f in "$state"/*.pid; do
    [ -e "$f" ] || { echo "no cluster"; return 0; }
    name=$(basename "$f" .pid)
    if alive "$f"; then echo "$name: running, pid $(cat "$f")"; else echo "$name: NOT running (pid $(cat "$f"))"; fi
  done
  local url flags=""
  for f in "$state"/api-*.pid; do
    [ -e "$f" ] || continue
    name=$(basename "$f" .pid)
    url="http://127.0.0.1:$((api_port_base + ${name#api-}))"
    echo "$name: $url (metrics $url/metrics)"
    flags+=" --target $url"
  done
  # A silo serves /metrics on its health port (loopback only), which the system picks: its log names it.
  for f in "$state"/silo-*.pid; do
    [ -e "$f" ] || continue
    name=$(basename "$f" .pid)
    url=$(grep -o 'Now listening on: http://[^ ]*' "$state/$name.log" 2>/dev/null | head -n 1 | sed 's/^Now listening on: //') || true
    if [ -n "$url" ]; then
      echo "$name: metrics $url/metrics"
      flags+=" --server-metrics $url/metrics"
    else
      echo "$name: metrics URL not in $state/$name.log yet"
    fi
  done
  grep -o 'Port=[0-9]*' "$state/cluster.env" 2>/dev/null | sed 's/^/postgres: 127.0.0.1 /' || true
  [ -z "$flags" ] || echo "load test flags (every node's CPU per success, docs/load-testing.md):$flags"
}

down() {
  [ -d "$state" ] || { echo "nothing to stop"; return 0; }
  local f
  # APIs first, then silos (a graceful silo stop hands its grains over), then the database.
  for f in "$state"/api-*.pid "$state"/silo-*.pid; do
    [ -e "$f" ] && alive "$f" && kill -TERM "$(cat "$f")"
  done
  for f in "$state"/api-*.pid "$state"/silo-*.pid; do
    [ -e "$f" ] || continue
    for _ in $(seq 1 60); do alive "$f" || break; sleep 0.5; done
    alive "$f" && kill -KILL "$(cat "$f")"
    rm -f "$f"
  done
  if alive "$state/postgres.pid"; then
    as_pg "$(pg_bindir)/pg_ctl" -D "$state/postgres/data" -m fast -w stop >/dev/null
  fi
  rm -rf "$state"
  echo "cluster stopped"
}

case ${1:-} in
  up) shift; up "$@" ;;
  status) status ;;
  down) down ;;
  *) echo "usage: scripts/cluster.sh up [--silos N] [--apis M] [--loadtest] | status | down" >&2; exit 2 ;;
esac
