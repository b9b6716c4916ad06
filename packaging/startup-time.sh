#!/usr/bin/env bash
# Start to first 200: starts `COMMAND...` RUNS times (default 5) on one data directory (made by an unmeasured
# first start, so the development certificate and user already exist), polls GET /api/v1/auth/check with the
# development user's credentials every 10 ms, and prints each time, the process's CPU time until that 200, and
# their medians in seconds, with the load average.
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
    # the process's CPU (user + system, clock ticks) up to its first 200: steadier than the time on a busy machine
    ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    kill -TERM "$pid"; wait "$pid" || true
    awk -v a="$start" -v b="$now" -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.3f %.3f\n", b - a, t / hz}'
}

first_200 "$@" >/dev/null   # creates the certificate and the user
times=() cpus=()
for _ in $(seq "$runs"); do read -r t c < <(first_200 "$@"); times+=("$t"); cpus+=("$c"); done
median() { sort -n | awk '{a[NR]=$1} END {printf "%.2f", a[int((NR+1)/2)]}'; }
printf 'start to first 200 (s):'; printf ' %.2f' "${times[@]}"; echo
printf 'CPU until then (s):'; printf ' %.2f' "${cpus[@]}"; echo
echo "median: $(printf '%s\n' "${times[@]}" | median) s, CPU $(printf '%s\n' "${cpus[@]}" | median) s (load average $(cut -d' ' -f1-3 /proc/loadavg))"
