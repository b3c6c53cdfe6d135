#!/usr/bin/env bash
# What "acknowledged means durable" costs: access events answered 200 per second by the example gateway on its
# default H2 settings (WRITE_DELAY=0: each commit written to the file before the terminal is answered) against the
# previous settings (H2's default WRITE_DELAY=500: commits written by a background thread up to 0.5 s later),
# alternating runs, same machine, each on a fresh data.dir, closed loop (AckRate.java). Medians at the end.
# Loopback only; bounded (rounds x 2 x (warm-up + seconds)); stops by itself.
#
#   bench/durability.sh [rounds=3] [terminals=5] [in-flight-per-terminal=4] [seconds=20]
#
# Set DB_URL_AFTER (and DB_USER, DB_PASSWORD) to measure another store than the default H2 (e.g. a PostgreSQL database) as "after".
# Needs the jars: mvn -B -q package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
terminals=${2:-5}
inflight=${3:-4}
seconds=${4:-20}
warmup=5
ws_port=${WS_PORT:-9320}
api_port=${API_PORT:-8392}
token=bench-$RANDOM$RANDOM
gateway=routes-example/target/doorface-gateway.jar
simulator=doorface-simulator/target/doorface-simulator.jar
[ -f "$gateway" ] && [ -f "$simulator" ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 2; }
work=$(mktemp -d)
gw=
trap '[ -n "$gw" ] && kill -TERM $gw 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

run() { # mode data-dir -> prints the acked 200/s
  local mode=$1 dir=$2 url=
  if [ "$mode" = before ]; then url="jdbc:h2:file:$dir/gateway;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=500"
  else url=${DB_URL_AFTER:-}; fi
  java -Xmx512m -Ddoorface.port="$ws_port" -Dapi.port="$api_port" -Ddoorface.host=127.0.0.1 \
       -Dcamel.server.host=127.0.0.1 -Dapi.token="$token" -Ddata.dir="$dir" -Ddb.url="$url" \
       -Ddb.user="${DB_USER:-}" -Ddb.password="${DB_PASSWORD:-}" \
       -jar "$gateway" > "$dir.log" 2>&1 &
  gw=$!
  for _ in $(seq 1 120); do
    curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$api_port/api/devices" > /dev/null && break
    sleep 0.5
  done
  local line
  line=$(timeout $((warmup + seconds + 90)) java -cp "$simulator" bench/AckRate.java "ws://127.0.0.1:$ws_port/door" \
         "$terminals" "$inflight" "$warmup" "$seconds" 2> "$dir.sim.err")
  kill -TERM $gw; wait $gw 2>/dev/null || true; gw=
  echo "$mode: $line" >&2
  echo "$line" | sed -E 's/^acked 200\/s: ([0-9]+).*/\1/'
}

before=() after=()
for r in $(seq 1 "$rounds"); do
  before+=("$(run before "$work/before-$r")")
  after+=("$(run after "$work/after-$r")")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
echo "events answered 200 per second, $terminals terminals x $inflight in flight, $seconds s per run, $rounds runs each"
echo "  before (WRITE_DELAY=500): ${before[*]}   median $(median "${before[@]}")"
echo "  after  (${DB_URL_AFTER:-WRITE_DELAY=0}): ${after[*]}   median $(median "${after[@]}")"
