#!/usr/bin/env bash
# Start to first 200: starts `COMMAND...` RUNS times (default 5) on one data directory (made by an unmeasured
# first start, so the development certificate and user already exist), polls GET /api/v1/auth/check with the
# development user's credentials every 10 ms, and prints each time and the median in seconds.
# Usage: packaging/startup-time.sh java -jar target/hookpoint.jar
set -euo pipefail
runs=${RUNS:-5}
free_port() {  # a port nothing listens on (other builds share this machine)
    local p
    while :; do p=$((20000 + RANDOM % 30000)); ss -ltn 2>/dev/null | grep -q ":$p " || { echo "$p"; return; }; done
}
port=${PORT:-$(free_port)}
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
export HOOKPOINT_DATA=$data SERVER_PORT=$port

first_200() {  # seconds from the start of the command to its first 200, then stops it
    local start pid now
    start=$(date +%s.%N)
    "$@" >"$data/out.log" 2>&1 &
    pid=$!
    while :; do
        if [ -f "$data/dev-password" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' --cacert "$data/tls/dev-cert.pem" \
                -u "hookpoint:$(cat "$data/dev-password")" "https://localhost:$port/api/v1/auth/check")" = 200 ]; then
            break
        fi
        kill -0 "$pid" 2>/dev/null || { echo "the service stopped:" >&2; cat "$data/out.log" >&2; exit 1; }
        sleep 0.01
    done
    now=$(date +%s.%N)
    kill -TERM "$pid"; wait "$pid" || true
    awk -v a="$start" -v b="$now" 'BEGIN {printf "%.3f\n", b - a}'
}

first_200 "$@" >/dev/null   # creates the certificate and the user
times=()
for _ in $(seq "$runs"); do times+=("$(first_200 "$@")"); done
printf 'start to first 200 (s):'; printf ' %.2f' "${times[@]}"; echo
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "median: %.2f s\n", a[int((NR+1)/2)]}'
