#!/usr/bin/env bash
# Side-by-side benchmark of the service against its physical limits, on loopback, in one run:
# the store (redis-benchmark GET), the upstream (the simulator called directly), and the service
# in sandbox mode on Redis. Prints raw tool output; docs/PERFORMANCE.md records a run.
# Usage: bench/run.sh [duration_seconds=8] [connections=32]
set -euo pipefail
cd "$(dirname "$0")/.."
DUR=${1:-8}
CONN=${2:-32}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
[ -f target/asta-spotify.jar ] || mvn -B -q package -DskipTests
[ -f target/test-classes/ai/asta/spotify/bench/SeedUsers.class ] || mvn -B -q test-compile
[ -f target/bench-cp.txt ] || mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt

work=$(mktemp -d)
key=$(head -c 32 /dev/urandom | base64)
REDIS_PORT=6399; API=8110; SIM=8111
redis-server --port $REDIS_PORT --bind 127.0.0.1 --save "" --appendonly no --dir "$work" > "$work/redis.log" 2>&1 &
redis_pid=$!
trap 'kill $redis_pid ${svc_pid:-} 2>/dev/null; wait 2>/dev/null' EXIT
sleep 0.5

echo "== machine"; nproc; free -g | head -2; java -version 2>&1 | head -1; (wrk --version 2>&1 || true) | head -1; redis-server --version
echo "== start-up (-Xmx256m, sandbox on Redis)"
ASTA_REDIS_URL=redis://127.0.0.1:$REDIS_PORT ASTA_ENCRYPTION_KEY="$key" ASTA_SPOTIFY_SANDBOX=true \
  ASTA_SANDBOX_PORT=$SIM ASTA_HTTP_PORT=$API ASTA_BASE_URL=http://127.0.0.1:$API \
  java -Xmx256m -jar target/asta-spotify.jar > "$work/service.log" 2>&1 &
svc_pid=$!
until grep -q "ready at" "$work/service.log"; do sleep 0.1; done
grep -o "ready at .*" "$work/service.log"

token=$(python3 bench/link.py http://127.0.0.1:$API http://127.0.0.1:$SIM)
curl -s -X PUT http://127.0.0.1:$SIM/sim/config -d '{"rate_budget": 1000000000, "rate_window_ms": 1000}' > /dev/null
DEVICE=a1b2c3d4e5f60718293a4b5c6d7e8f9012345678
TRACK=spotify:track:4cOdK2wGLETKBW3PvgPWqT
W="wrk -t2 -c$CONN -d${DUR}s --latency"

echo "== 1a. store limit: redis-benchmark GET (-c $CONN)"
redis-benchmark -p $REDIS_PORT -t get -n 400000 -c "$CONN" -q
echo "== 1b. service: GET /api/spotify/status"
$W http://127.0.0.1:$API/api/spotify/status

echo "== 2a. upstream limit: GET /v1/me/player/devices on the simulator"
BENCH_TOKEN=$token $W -s bench/get.lua http://127.0.0.1:$SIM/v1/me/player/devices
echo "== 2b. service: GET /api/spotify/devices"
$W http://127.0.0.1:$API/api/spotify/devices

echo "== 3a. upstream limit: PUT /v1/me/player/play on the simulator"
BENCH_METHOD=PUT BENCH_TOKEN=$token BENCH_BODY="{\"uris\":[\"$TRACK\"]}" \
  $W -s bench/post.lua "http://127.0.0.1:$SIM/v1/me/player/play?device_id=$DEVICE"
echo "== 3b. service: POST /api/spotify/play"
BENCH_BODY="{\"track_uri\":\"$TRACK\",\"device_id\":\"$DEVICE\"}" \
  $W -s bench/post.lua http://127.0.0.1:$API/api/spotify/play &
wrk_pid=$!
sleep $((DUR / 2))
echo "RSS under load (KiB): $(ps -o rss= -p $svc_pid)"
wait $wrk_pid
jcmd $svc_pid GC.heap_info 2>/dev/null | head -4 || true

for storm in 1000 10000; do
  echo "== 4. refresh storm: $storm connections, access token expired at Spotify"
  curl -s -X POST http://127.0.0.1:$SIM/sim/users/sandbox-user/expire-token > /dev/null
  before=$(curl -s http://127.0.0.1:$SIM/sim/counters | python3 -c 'import json,sys; print(json.load(sys.stdin).get("grant:refresh_token",0))')
  wrk -t2 -c$storm -d3s --latency --timeout 30s http://127.0.0.1:$API/api/spotify/devices
  after=$(curl -s http://127.0.0.1:$SIM/sim/counters | python3 -c 'import json,sys; print(json.load(sys.stdin).get("grant:refresh_token",0))')
  echo "refreshes that reached Spotify: $((after - before))"
done

echo "== 5. linked users in Redis"
CP="target/test-classes:target/classes:$(cat target/bench-cp.txt)"
mem0=$(redis-cli -p $REDIS_PORT info memory | grep '^used_memory:' | cut -d: -f2 | tr -d '\r')
java -cp "$CP" ai.asta.spotify.bench.SeedUsers redis://127.0.0.1:$REDIS_PORT "$key" 1000 seed
mem1=$(redis-cli -p $REDIS_PORT info memory | grep '^used_memory:' | cut -d: -f2 | tr -d '\r')
echo "bytes per user (1,000 users): $(( (mem1 - mem0) / 1000 ))"
echo "MEMORY USAGE of one user's record: $(redis-cli -p $REDIS_PORT memory usage 'asta:spotify:{seed-7}:tokens') bytes"
echo "-- status at 1,000 users"
wrk -t2 -c$CONN -d${DUR}s --latency "http://127.0.0.1:$API/api/spotify/status?user_id=seed-500"
java -cp "$CP" ai.asta.spotify.bench.SeedUsers redis://127.0.0.1:$REDIS_PORT "$key" 99000 more
mem2=$(redis-cli -p $REDIS_PORT info memory | grep '^used_memory:' | cut -d: -f2 | tr -d '\r')
echo "bytes per user (100,000 users): $(( (mem2 - mem0) / 100000 ))"
echo "-- status at 100,000 users"
wrk -t2 -c$CONN -d${DUR}s --latency "http://127.0.0.1:$API/api/spotify/status?user_id=more-50000"
echo "== done"
