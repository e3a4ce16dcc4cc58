#!/usr/bin/env bash
# The docker-compose topology as plain processes on loopback, for machines without Docker:
# one redis-server, two clustered instances of the service (A on :8021, B on :8022), and the
# Spotify simulator (sandbox) inside A, which B is pointed at too. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/asta-spotify.jar ] || mvn -B -q package -DskipTests

work=$(mktemp -d)
key=$(head -c 32 /dev/urandom | base64)
redis_port=${REDIS_PORT:-6390}
redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$work" --appendonly yes --daemonize no \
  > "$work/redis.log" 2>&1 &
pids=($!)
trap 'kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null; echo "stopped; logs in $work"' EXIT

common=(
  ASTA_REDIS_URL="redis://127.0.0.1:$redis_port"
  ASTA_ENCRYPTION_KEY="$key"
  ASTA_BASE_URL="http://127.0.0.1:8021"
  ASTA_CLUSTER=true
  ASTA_CLUSTER_MEMBERS="127.0.0.1:5701,127.0.0.1:5711"
)
env "${common[@]}" ASTA_HTTP_PORT=8021 ASTA_CLUSTER_PORT=5701 ASTA_SPOTIFY_SANDBOX=true \
  ASTA_SANDBOX_PORT=8011 java -jar target/asta-spotify.jar > "$work/a.log" 2>&1 &
pids+=($!)
env "${common[@]}" ASTA_HTTP_PORT=8022 ASTA_CLUSTER_PORT=5711 \
  SPOTIFY_ACCOUNTS_URL=http://127.0.0.1:8011 SPOTIFY_API_URL=http://127.0.0.1:8011/v1 \
  SPOTIFY_CLIENT_ID=sandbox-client-id SPOTIFY_CLIENT_SECRET=sandbox-client-secret \
  java -jar target/asta-spotify.jar > "$work/b.log" 2>&1 &
pids+=($!)

for log in a b; do
  until grep -q "ready at" "$work/$log.log"; do sleep 0.5; done
done
echo "A: http://127.0.0.1:8021   B: http://127.0.0.1:8022   (Redis :$redis_port, logs in $work)"
echo "Connect on one, use the other: all state is shared. Ctrl-C to stop."
wait
