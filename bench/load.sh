#!/usr/bin/env bash
# Load run of the example gateway over loopback: simulated terminals report access events (stored in H2, photos on
# disk) while the REST API broadcasts an addUser with a 300 KB photo to all of them. Bounded: stops by itself.
#
#   bench/load.sh [terminals=100] [events-per-second=200] [seconds=30]
#
# Prints the simulator's final line (events sent / acknowledged 200 / 500 / lost), the rows stored, and the time of
# each broadcast. Needs the jars: mvn -B -q install -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
terminals=${1:-100}
rate=${2:-200}
seconds=${3:-30}
ws_port=${WS_PORT:-9310}
api_port=${API_PORT:-8390}
work=$(mktemp -d)
gateway=routes-example/target/doorface-gateway.jar
simulator=doorface-simulator/target/doorface-simulator.jar
[ -f "$gateway" ] && [ -f "$simulator" ] || { echo "build first: mvn -B -q install -DskipTests" >&2; exit 2; }

java -Ddoorface.port="$ws_port" -Dapi.port="$api_port" -Ddoorface.host=127.0.0.1 -Ddata.dir="$work/data" \
     -jar "$gateway" > "$work/gateway.log" 2>&1 &
gw=$!
trap 'kill -TERM $gw 2>/dev/null; wait $gw 2>/dev/null; rm -rf "$work"' EXIT
# the REST API needs the token the gateway generates into data.dir on its first start
token_file="$work/data/api-token"
for _ in $(seq 1 60); do
  [ -s "$token_file" ] && curl -sf -H "Authorization: Bearer $(cat "$token_file")" \
       "http://127.0.0.1:$api_port/api/devices" > /dev/null && break
  sleep 0.5
done
[ -s "$token_file" ] || { echo "the gateway wrote no $token_file; see $work/gateway.log" >&2; exit 1; }
auth="Authorization: Bearer $(cat "$token_file")"

timeout $((seconds + 60)) java -jar "$simulator" --url "ws://127.0.0.1:$ws_port/door" --terminals "$terminals" \
     --events-per-second "$rate" --duration "$seconds" --stats-interval "$seconds" > "$work/sim.out" 2> "$work/sim.err" &
sim=$!
sleep 8
python3 - "$work/user.json" <<'PY'
import base64, json, os, sys
img = base64.b64encode(os.urandom(300_000)).decode()
json.dump({"user": "bench", "userId": "900001", "pwd": "x", "name": "Bench", "role": "0", "img": img},
          open(sys.argv[1], "w"))
PY
for i in 1 2 3 4 5; do
  curl -s -o "$work/resp.json" -w "broadcast addUser (300 KB photo) to every terminal: HTTP %{http_code} in %{time_total} s\n" \
       -X POST -H "$auth" -H 'Content-Type: application/json' --data-binary @"$work/user.json" "http://127.0.0.1:$api_port/api/users"
done
python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(len(r), 'terminal results,', sum(x['ok'] for x in r), 'ok')" "$work/resp.json"
wait $sim
tail -1 "$work/sim.out"
curl -s -H "$auth" "http://127.0.0.1:$api_port/api/events?limit=1000000" | python3 -c "import json,sys; print('rows stored:', len(json.load(sys.stdin)))"
echo "gateway WARN/ERROR lines: $(grep -cE ' (WARN|ERROR) ' "$work/gateway.log" || true)"
