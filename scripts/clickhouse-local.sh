#!/usr/bin/env bash
# A two-shard ClickHouse cluster on loopback for development, tests and benchmarks, from the
# Debian package (`apt-get install clickhouse-server clickhouse-client`): each server gets a copy
# of the package's config.xml and users.xml in its own folder plus deploy/clickhouse/cluster.xml,
# and its ports and paths after `--`.
#
#   scripts/clickhouse-local.sh start    start both shards (no-op for one already up), wait until they answer
#   scripts/clickhouse-local.sh stop     stop both (SIGTERM, then wait)
#   scripts/clickhouse-local.sh status   print each shard's version, exit 1 if one is down
#
# Shard 1: HTTP 8125, native 9111; shard 2: HTTP 8126, native 9112. The URL for the API:
#   ANALYTICS_URL=clickhouse://127.0.0.1:8125,127.0.0.1:8126/rfm?cluster=rfm
# State lives in $RFM_CLICKHOUSE_DIR (default /tmp/rfm-clickhouse); delete it to start empty.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${RFM_CLICKHOUSE_DIR:-/tmp/rfm-clickhouse}"
server="$(command -v clickhouse-server || echo /usr/bin/clickhouse-server)"
shards=(1 2)

http_port() { echo $((8124 + $1)); }
tcp_port() { echo $((9110 + $1)); }

answers() { curl -fsS --max-time 2 "http://127.0.0.1:$(http_port "$1")/?query=SELECT%20version()" 2>/dev/null; }

start_shard() {
  local n=$1 d="$dir/shard$1"
  if answers "$n" >/dev/null; then return 0; fi
  mkdir -p "$d/config.d" "$d/data" "$d/tmp" "$d/uf" "$d/fs"
  cp /etc/clickhouse-server/config.xml /etc/clickhouse-server/users.xml "$d/"
  cp "$root/deploy/clickhouse/cluster.xml" "$d/config.d/cluster.xml"
  # The package's config listens on ::1 as well; keep to 127.0.0.1 (machines without IPv6).
  sed -i 's#<listen_host>::1</listen_host>##' "$d/config.xml"
  nohup "$server" --config-file="$d/config.xml" -- \
    --path="$d/data/" --tmp_path="$d/tmp/" --user_files_path="$d/uf/" --format_schema_path="$d/fs/" \
    --http_port="$(http_port "$n")" --tcp_port="$(tcp_port "$n")" --interserver_http_port=$((9130 + n)) \
    --logger.log="$d/log.txt" --logger.errorlog="$d/err.txt" --logger.level=warning \
    >"$d/stdout.txt" 2>&1 &
  echo $! >"$d/pid"
}

wait_up() {
  for n in "${shards[@]}"; do
    for _ in $(seq 1 60); do answers "$n" >/dev/null && break; sleep 0.5; done
    if ! answers "$n" >/dev/null; then
      echo "clickhouse shard $n did not start; see $dir/shard$n/err.txt" >&2
      tail -n 20 "$dir/shard$n/err.txt" >&2 2>/dev/null || true
      exit 1
    fi
  done
}

case "${1:-start}" in
  start)
    if [ ! -x "$server" ]; then
      echo "clickhouse-server is not installed: apt-get install -y clickhouse-server clickhouse-client" >&2
      exit 1
    fi
    for n in "${shards[@]}"; do start_shard "$n"; done
    wait_up
    for n in "${shards[@]}"; do echo "shard $n: ClickHouse $(answers "$n") on http://127.0.0.1:$(http_port "$n")"; done
    ;;
  stop)
    for n in "${shards[@]}"; do
      pidfile="$dir/shard$n/pid"
      [ -f "$pidfile" ] || continue
      pid=$(cat "$pidfile")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -9 "$pid" 2>/dev/null || true
      rm -f "$pidfile"
    done
    ;;
  status)
    ok=0
    for n in "${shards[@]}"; do
      if v=$(answers "$n"); then echo "shard $n: $v"; else echo "shard $n: down"; ok=1; fi
    done
    exit $ok
    ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
