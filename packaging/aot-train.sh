#!/usr/bin/env bash
# The training run of the ahead-of-time cache: starts LAUNCHER with -XX:AOTCacheOutput=CACHE (JDK 25+; a CACHE
# named *.jsa: -XX:ArchiveClassesAtExit=CACHE, the class-data archive of JDK 21-24) on a scratch data directory,
# sends the requests a start and its first answers need (credentials, a message, a batch, a look-up, health,
# metrics, the contract), then stops it with SIGTERM; the JVM writes CACHE as it exits.
# Usage: packaging/aot-train.sh LAUNCHER CACHE
set -euo pipefail
launcher=$1 cache=$2
case $cache in
    *.jsa) record="-XX:ArchiveClassesAtExit=$cache" ;;
    *) record="-XX:AOTCacheOutput=$cache" ;;
esac
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
port=$(while :; do p=$((20000 + RANDOM % 30000)); ss -ltn | grep -q ":$p " || { echo "$p"; break; }; done)
HOOKPOINT_DATA=$data SERVER_PORT=$port HOOKPOINT_JAVA_OPTS="$record" "$launcher" serve &
pid=$!
base=https://localhost:$port
call() { curl -sS --fail-with-body --cacert "$data/tls/dev-cert.pem" -u "hookpoint:$(cat "$data/dev-password")" "$@" && echo; }
for _ in $(seq 600); do
    [ -f "$data/dev-password" ] && call -o /dev/null "$base/api/v1/auth/check" 2>/dev/null && break
    kill -0 "$pid" || exit 1
    sleep 0.1
done
json=(-H 'Content-Type: application/json')
for i in 1 2 3; do
    id=$(call "${json[@]}" -H "Idempotency-Key: train-$i" -d '{"to":"+420777123456","text":"Training run '"$i"'"}' \
        "$base/api/v1/sms" | sed -n 's/.*"message_id":"\([^"]*\)".*/\1/p')
    call "$base/api/v1/sms/$id"
done
call "${json[@]}" -H 'Idempotency-Key: train-1' \
    -d '{"to":"+420777123456","text":"Training run 1"}' "$base/api/v1/sms"
call "${json[@]}" -d '{"messages":[{"key":"train-b1","to":"+420777123456","text":"one"},{"key":"train-b2","to":"","text":"two"}]}' \
    "$base/api/v1/sms/batch"
curl -sS -o /dev/null --cacert "$data/tls/dev-cert.pem" -u hookpoint:wrong "$base/api/v1/auth/check" || true
for path in /observe/health/ready /observe/metrics /openapi; do
    curl -sS -o /dev/null --cacert "$data/tls/dev-cert.pem" "$base$path"
done
kill -TERM "$pid"
wait "$pid" || true
[ -s "$cache" ] || { echo "no cache written: $cache"; exit 1; }
