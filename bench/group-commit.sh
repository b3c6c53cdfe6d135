#!/usr/bin/env bash
# What group commit buys: access events answered 200 per second by the example gateway on its default database
# (H2, WRITE_DELAY=0: every commit written to the file before the terminal is answered) with a transaction per event
# (access.batchSize=1, "before") against batches (access.batchSize and access.batchTimeout as configured, "after"),
# alternating runs, each on a fresh data.dir, closed loop (AckRate.java). Medians and per-round ratios at the end.
# Loopback only; bounded (rounds x 2 x (warm-up + seconds)); stops by itself.
#
#   bench/group-commit.sh [rounds=3] [terminals=100] [in-flight-per-terminal=2] [seconds=15]
#
# AFTER_OPTS adds -D options to the "after" runs (e.g. "-Daccess.batchTimeout=2"); BEFORE_JAR runs "before" on
# another gateway jar as it is (e.g. one built from the commit before batching); DB_URL (DB_USER, DB_PASSWORD) runs
# both on another database (e.g. PostgreSQL). Needs the jars: mvn -B -q package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
terminals=${2:-100}
inflight=${3:-2}
seconds=${4:-15}
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
  local mode=$1 dir=$2 opts=() jar=$gateway
  if [ "$mode" = before ] && [ -n "${BEFORE_JAR:-}" ]; then jar=$BEFORE_JAR
  elif [ "$mode" = before ]; then opts=(-Daccess.batchSize=1)
  else read -r -a opts <<< "${AFTER_OPTS:-}"; fi
  java -Xmx512m "${opts[@]}" -Ddoorface.port="$ws_port" -Dapi.port="$api_port" -Ddoorface.host=127.0.0.1 \
       -Dcamel.server.host=127.0.0.1 -Dapi.token="$token" -Ddata.dir="$dir" -Ddb.url="${DB_URL:-}" \
       -Ddb.user="${DB_USER:-}" -Ddb.password="${DB_PASSWORD:-}" \
       -jar "$jar" > "$dir.log" 2>&1 &
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

before=() after=() ratios=()
for r in $(seq 1 "$rounds"); do
  b=$(run before "$work/before-$r"); a=$(run after "$work/after-$r")
  before+=("$b"); after+=("$a"); ratios+=("$(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
echo "events answered 200 per second, $terminals terminals x $inflight in flight, $seconds s per run, $rounds runs each"
echo "  before (${BEFORE_JAR:-access.batchSize=1}): ${before[*]}   median $(median "${before[@]}")"
echo "  after  (batches${AFTER_OPTS:+, $AFTER_OPTS}): ${after[*]}   median $(median "${after[@]}")"
echo "  after / before per round: ${ratios[*]}   median $(median "${ratios[@]}")"
