#!/usr/bin/env bash
# Side-by-side benchmark of the service against its physical limits, on loopback, in one run:
# the store (redis-benchmark GET), the upstream (the simulator called directly), a bare
# pass-through to the same upstream (bench/Forwarder.java: the floor under any forwarding
# service on this machine), and the service in sandbox mode on Redis. Prints the raw tool output, then a summary of the ratios;
# docs/PERFORMANCE.md records a run.
# Usage: bench/run.sh [duration_seconds=8] [connections=32] [warm_up_seconds=10]
set -euo pipefail
cd "$(dirname "$0")/.."
DUR=${1:-8}
CONN=${2:-32}
WARM=${3:-10}
need() { command -v "$1" >/dev/null || { apt-get update -qq && apt-get install -y -qq "$2"; }; }
need wrk wrk
need h2load nghttp2-client
need redis-server redis-server
[ -f target/asta-spotify.jar ] || mvn -B -q package -DskipTests
[ -f target/test-classes/ai/asta/spotify/bench/SeedUsers.class ] || mvn -B -q test-compile
[ -f target/bench-cp.txt ] || mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt

work=$(mktemp -d)
results="$work/results"
key=$(head -c 32 /dev/urandom | base64)
REDIS_PORT=6399; API=8110; SIM=8111; FWD=8112; FWD_BUS=8113
redis-server --port $REDIS_PORT --bind 127.0.0.1 --save "" --appendonly no --dir "$work" > "$work/redis.log" 2>&1 &
redis_pid=$!
trap 'kill $redis_pid ${svc_pid:-} ${fwd_pids:-} 2>/dev/null; wait 2>/dev/null' EXIT
sleep 0.5
# Its own empty Redis or nothing: another one on the port would skew every store figure.
kill -0 $redis_pid 2>/dev/null || { echo "redis-server did not start on port $REDIS_PORT:"; cat "$work/redis.log"; exit 1; }

echo "== machine"; nproc; free -g | head -2; java -version 2>&1 | head -1; (wrk --version 2>&1 || true) | head -1
h2load --version | head -1; redis-server --version
echo "== start-up (-Xmx256m, sandbox on Redis)"
ASTA_REDIS_URL=redis://127.0.0.1:$REDIS_PORT ASTA_ENCRYPTION_KEY="$key" ASTA_SPOTIFY_SANDBOX=true \
  ASTA_SANDBOX_PORT=$SIM ASTA_HTTP_PORT=$API ASTA_BASE_URL=http://127.0.0.1:$API \
  java -Xmx256m -jar target/asta-spotify.jar > "$work/service.log" 2>&1 &
svc_pid=$!
until grep -q "ready at" "$work/service.log"; do
  kill -0 $svc_pid 2>/dev/null || { cat "$work/service.log"; exit 1; }
  sleep 0.1
done
grep -o "ready at .*" "$work/service.log"
echo "startup_ms $(grep -o 'in [0-9]* ms' "$work/service.log" | head -1 | tr -dc 0-9)" >> "$results"

token=$(python3 bench/link.py http://127.0.0.1:$API http://127.0.0.1:$SIM)
curl -s -X PUT http://127.0.0.1:$SIM/sim/config -d '{"rate_budget": 1000000000, "rate_window_ms": 1000}' > /dev/null
DEVICE=a1b2c3d4e5f60718293a4b5c6d7e8f9012345678
TRACK=spotify:track:4cOdK2wGLETKBW3PvgPWqT
export BENCH_TOKEN=$token
SIM_PLAY="http://127.0.0.1:$SIM/v1/me/player/play?device_id=$DEVICE"
FWD_PLAY="http://127.0.0.1:$FWD/v1/me/player/play?device_id=$DEVICE"
FWD_BUS_PLAY="http://127.0.0.1:$FWD_BUS/v1/me/player/play?device_id=$DEVICE"
SIM_PLAY_BODY="{\"uris\":[\"$TRACK\"]}"
API_PLAY_BODY="{\"track_uri\":\"$TRACK\",\"device_id\":\"$DEVICE\"}"

# The bare pass-through, straight from its HTTP server and over the event bus (as the service).
java -Xmx256m -cp target/asta-spotify.jar bench/Forwarder.java $FWD $SIM http > "$work/fwd.log" 2>&1 &
fwd_pids=$!
java -Xmx256m -cp target/asta-spotify.jar bench/Forwarder.java $FWD_BUS $SIM bus > "$work/fwd-bus.log" 2>&1 &
fwd_pids="$fwd_pids $!"
until grep -q ready "$work/fwd.log" && grep -q ready "$work/fwd-bus.log"; do
  for p in $fwd_pids; do kill -0 "$p" 2>/dev/null || { cat "$work"/fwd*.log; exit 1; }; done
  sleep 0.1
done

# wrk at saturation; records "<name> <req/s> <p50 ms>". Extra args go to wrk before the URL.
load() {
  local name=$1; shift
  local out; out=$(wrk -t2 -c"$CONN" -d"${DUR}s" --latency "$@")
  echo "$out"
  echo "$name $(echo "$out" | awk '/Requests\/sec/ {print $2}') $(echo "$out" | awk '$1=="50%" {print $2}')" >> "$results"
}
# A fixed rate with spread-out arrivals (wrk and bench/paced.lua, 256 connections); records
# "<name> <p50 us> <p99 us> <req/s reached>". BENCH_TOKEN, BENCH_METHOD, BENCH_BODY as for wrk.
PACED_CONNS=256
at_rate() {
  local name=$1 rate=$2; shift 2
  local out; out=$(BENCH_RATE=$rate BENCH_CONNS=$PACED_CONNS \
    wrk -t2 -c$PACED_CONNS -d"${DUR}s" --latency -s bench/paced.lua "$@")
  echo "$out" | grep -E "^ +(50|99)%|Requests/sec|Non-2xx"
  us() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) print n; else if (v ~ /ms$/) print n * 1000; else print n * 1e6 }'; }
  echo "$name $(us "$(echo "$out" | awk '$1=="50%" {print $2}')") $(us "$(echo "$out" | awk '$1=="99%" {print $2}')") $(echo "$out" | awk '/Requests\/sec/ {print int($2)}')" >> "$results"
  tail -1 "$results"
}
rate_of() { awk -v n="$1" '$1==n {print int($2)}' "$results"; }

echo "== warm-up: ${WARM}s on each service route and each direct call, not counted"
wrk -t2 -c"$CONN" -d"${WARM}s" http://127.0.0.1:$API/api/spotify/status > /dev/null
wrk -t2 -c"$CONN" -d"${WARM}s" http://127.0.0.1:$API/api/spotify/devices > /dev/null
BENCH_BODY=$API_PLAY_BODY wrk -t2 -c"$CONN" -d"${WARM}s" -s bench/post.lua http://127.0.0.1:$API/api/spotify/play > /dev/null
for port in $SIM $FWD $FWD_BUS; do
  wrk -t2 -c"$CONN" -d"${WARM}s" -s bench/get.lua http://127.0.0.1:$port/v1/me/player/devices > /dev/null
done
for url in "$FWD_PLAY" "$FWD_BUS_PLAY"; do
  BENCH_METHOD=PUT BENCH_BODY=$SIM_PLAY_BODY wrk -t2 -c"$CONN" -d"${WARM}s" -s bench/post.lua "$url" > /dev/null
done

echo "== 1a. store limit: redis-benchmark GET (-c $CONN)"
rb=$(redis-benchmark -p $REDIS_PORT -t get -n 1000000 -c "$CONN" -q | tr '\r' '\n' | grep "requests per second" | tail -1)
echo "$rb"
echo "redis_get $(echo "$rb" | awk '{print $2}') $(echo "$rb" | grep -o 'p50=[0-9.]*' | cut -d= -f2)" >> "$results"
echo "== 1b. service: GET /api/spotify/status"
load status http://127.0.0.1:$API/api/spotify/status

echo "== 2a. upstream limit: GET /v1/me/player/devices on the simulator"
load sim_devices -s bench/get.lua http://127.0.0.1:$SIM/v1/me/player/devices
echo "-- the same call through the bare pass-through, then through it over the event bus"
load fwd_devices -s bench/get.lua http://127.0.0.1:$FWD/v1/me/player/devices
load fwd_bus_devices -s bench/get.lua http://127.0.0.1:$FWD_BUS/v1/me/player/devices
echo "== 2b. service: GET /api/spotify/devices"
load devices http://127.0.0.1:$API/api/spotify/devices

echo "== 3a. upstream limit: PUT /v1/me/player/play on the simulator"
BENCH_METHOD=PUT BENCH_BODY=$SIM_PLAY_BODY load sim_play -s bench/post.lua "$SIM_PLAY"
echo "-- the same call through the bare pass-through, then through it over the event bus"
BENCH_METHOD=PUT BENCH_BODY=$SIM_PLAY_BODY load fwd_play -s bench/post.lua "$FWD_PLAY"
BENCH_METHOD=PUT BENCH_BODY=$SIM_PLAY_BODY load fwd_bus_play -s bench/post.lua "$FWD_BUS_PLAY"
echo "== 3b. service: POST /api/spotify/play (RSS sampled halfway)"
(sleep $((DUR / 2)); echo "rss_kib $(ps -o rss= -p $svc_pid)" >> "$results") &
sampler=$!
BENCH_BODY=$API_PLAY_BODY load play -s bench/post.lua http://127.0.0.1:$API/api/spotify/play
wait $sampler
jcmd $svc_pid GC.heap_info 2>/dev/null | head -2 | tee -a "$work/heap" || true
echo "heap_used_kib $(grep -o 'used [0-9]*K' "$work/heap" | head -1 | tr -dc 0-9)" >> "$results"

echo "== half the service's peak rate, spread-out arrivals (wrk, bench/paced.lua): direct call, pass-through, service"
# The token travels in BENCH_TOKEN for the direct and pass-through calls, not to the service.
sim_get() { BENCH_TOKEN=$token at_rate "$@"; }
sim_put() { BENCH_TOKEN=$token BENCH_METHOD=PUT BENCH_BODY=$SIM_PLAY_BODY at_rate "$@"; }
api_get() { BENCH_TOKEN= at_rate "$@"; }
api_post() { BENCH_TOKEN= BENCH_METHOD=POST BENCH_BODY=$API_PLAY_BODY at_rate "$@"; }
for pace in half low; do
  if [ $pace = half ]; then rate=$(( $(rate_of devices) / 2 )); else rate=1000; fi
  echo "-- devices at $rate req/s"
  sim_get ${pace}_sim_devices $rate http://127.0.0.1:$SIM/v1/me/player/devices
  sim_get ${pace}_fwd_devices $rate http://127.0.0.1:$FWD/v1/me/player/devices
  api_get ${pace}_devices $rate http://127.0.0.1:$API/api/spotify/devices
  if [ $pace = half ]; then rate=$(( $(rate_of play) / 2 )); fi
  echo "-- play at $rate req/s"
  sim_put ${pace}_sim_play $rate "$SIM_PLAY"
  sim_put ${pace}_fwd_play $rate "$FWD_PLAY"
  api_post ${pace}_play $rate http://127.0.0.1:$API/api/spotify/play
done
half=$(( $(rate_of status) / 2 ))
echo "-- status at $half req/s"
api_get half_status $half http://127.0.0.1:$API/api/spotify/status

for storm in 1000 10000; do
  echo "== 4. refresh storm: $storm connections, access token expired at Spotify"
  curl -s -X POST http://127.0.0.1:$SIM/sim/users/sandbox-user/expire-token > /dev/null
  count() { curl -s http://127.0.0.1:$SIM/sim/counters | python3 -c 'import json,sys; print(json.load(sys.stdin).get("grant:refresh_token",0))'; }
  before=$(count)
  # N requests at once, one per connection (h2load -n N -c N), each waiting for its answer:
  # the storm itself, not a sustained load; all of them must be answered.
  rm -f "$work/storm.log"
  h2load --h1 -t2 -n "$storm" -c "$storm" --log-file="$work/storm.log" \
    http://127.0.0.1:$API/api/spotify/devices | grep -E "finished in|requests:|status codes|time for request"
  after=$(count)
  echo "refreshes that reached Spotify: $((after - before))"
  python3 - "$work/storm.log" "$storm" "$((after - before))" >> "$results" <<'EOF2'
import sys
rows = [l.split('\t') for l in open(sys.argv[1]) if l.strip()]
lat = sorted(int(r[2]) for r in rows)
bad = sum(1 for r in rows if not r[1].startswith('2')) + int(sys.argv[2]) - len(rows)
print(f"storm_{sys.argv[2]} {sys.argv[3]} {lat[int(0.99 * len(lat))] / 1e6:.2f}s {len(rows)} {bad}")
EOF2
  tail -1 "$results"
done

echo "== 5. linked users in Redis"
CP="target/test-classes:target/classes:$(cat target/bench-cp.txt)"
used() { redis-cli -p $REDIS_PORT info memory | grep '^used_memory:' | cut -d: -f2 | tr -d '\r'; }
mem0=$(used)
java -cp "$CP" ai.asta.spotify.bench.SeedUsers redis://127.0.0.1:$REDIS_PORT "$key" 1000 seed
echo "MEMORY USAGE of one user's record: $(redis-cli -p $REDIS_PORT memory usage 'asta:spotify:{seed-7}:tokens') bytes"
echo "-- status at 1,000 linked users, each request for one of them at random"
USERS=1000 PREFIX=seed load users_1k -s bench/users.lua http://127.0.0.1:$API/api/spotify/status
java -cp "$CP" ai.asta.spotify.bench.SeedUsers redis://127.0.0.1:$REDIS_PORT "$key" 99000 more
mem2=$(used)
echo "bytes per user (100,000 users): $(( (mem2 - mem0) / 100000 ))"
echo "bytes_per_user $(( (mem2 - mem0) / 100000 ))" >> "$results"
echo "-- status at 100,000 linked users, each request for one of 1,000 of them spread over all"
USERS=1000 STRIDE=99 PREFIX=more load users_100k -s bench/users.lua http://127.0.0.1:$API/api/spotify/status
echo "-- status at 100,000 linked users, each request for any of them (most miss the memory cache)"
USERS=99000 PREFIX=more load users_100k_all -s bench/users.lua http://127.0.0.1:$API/api/spotify/status

echo "== summary"
python3 bench/summary.py "$results"
