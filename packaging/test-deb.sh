#!/usr/bin/env bash
# make package-test: the .deb of make package, installed and started as on a host without Java.
# CI has neither root-run systemd nor a machine to spare, so the package is extracted (dpkg-deb -x) into a
# scratch root, its unit checked (systemd-analyze verify, when there), and its launcher started with every
# JDK of this machine hidden (a private mount namespace with /usr/lib/jvm emptied, when unshare can; otherwise
# a PATH of the few tools the launcher uses and no JAVA_HOME), with the AOT cache required (AOTMode=on).
# Then a user made by the package's own hash-password, one authenticated request, one message: 200 each.
set -euo pipefail
cd "$(dirname "$0")/.."
deb=$(ls target/hookpoint_*_amd64.deb 2>/dev/null | head -1)
[ -n "$deb" ] || { echo "no target/hookpoint_*_amd64.deb: make package first" >&2; exit 1; }
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
checks=0
ok() { checks=$((checks + 1)); echo "package-test: ok  $*"; }
fail() { echo "package-test: FAILED $*" >&2; [ -f "$work/out.log" ] && tail -30 "$work/out.log" >&2; exit 1; }

root=$work/root
dpkg-deb -x "$deb" "$root" && dpkg-deb -e "$deb" "$work/DEBIAN"
control=$(cat "$work/DEBIAN/control")
grep -q '^Package: hookpoint$' <<<"$control" && grep -q '^Architecture: amd64$' <<<"$control" \
    && ! grep -q -i 'java\|jre\|jdk' <<<"$(grep '^Depends:' <<<"$control")" || fail "control: $control"
ok "control: $(grep '^Version:' <<<"$control"), depends on no Java"
for script in postinst prerm postrm; do sh -n "$work/DEBIAN/$script" || fail "$script is not valid sh"; done
[ "$(stat -c %a "$root/etc/hookpoint/hookpoint.env")" = 600 ] || fail "hookpoint.env is not 0600"
grep -qx /etc/hookpoint/hookpoint.env "$work/DEBIAN/conffiles" || fail "hookpoint.env is not a conffile"
ok "maintainer scripts parse; /etc/hookpoint/hookpoint.env is a 0600 conffile"

unit=$root/usr/lib/systemd/system/hookpoint.service
for key in User=hookpoint ProtectSystem=strict NoNewPrivileges=yes StateDirectory=hookpoint \
        ExecStart=/usr/bin/hookpoint; do
    grep -q "^$key" "$unit" || fail "the unit has no $key"
done
if command -v systemd-analyze >/dev/null; then
    # verify checks ExecStart on this host: pointed at the extracted launcher; any line it prints is a finding
    sed "s|^ExecStart=/usr/bin/hookpoint|ExecStart=$root/usr/bin/hookpoint|" "$unit" >"$work/hookpoint.service"
    verify=$(systemd-analyze verify "$work/hookpoint.service" 2>&1 \
        | grep -v -e 'Failed to connect to bus' -e 'Failed to get D-Bus connection' || true)
    [ -z "$verify" ] || fail "systemd-analyze verify: $verify"
    exposure=$(systemd-analyze security --offline=true "$work/hookpoint.service" 2>/dev/null \
        | sed -n 's/.*Overall exposure level for hookpoint.service: \([0-9.]*\).*/\1/p')
    awk -v e="$exposure" 'BEGIN {exit !(e != "" && e <= 2.0)}' || fail "systemd-analyze security: exposure ${exposure:-unknown} > 2.0"
    ok "systemd-analyze verify: clean; security: exposure $exposure (<= 2.0)"
else
    ok "the unit has its sandbox keys (systemd-analyze is not here: not verified)"
fi

launcher=$root/usr/bin/hookpoint
aot_mode=   # a cache that is there must be used: AOTMode=on refuses to start without it
[ -f "$root/usr/lib/hookpoint/lib/hookpoint.aot" ] && aot_mode=-XX:AOTMode=on
port=$(while :; do p=$((20000 + RANDOM % 30000)); ss -ltn | grep -q ":$p " || { echo "$p"; break; }; done)
mkdir -m 0700 "$work/data"
# the host as the package expects it: no Java anywhere the launcher could find one
if [ "$(id -u)" = 0 ] && unshare --mount --propagation private true 2>/dev/null; then
    isolate=(unshare --mount --propagation private sh -c 'mount -t tmpfs -o mode=0755 none /usr/lib/jvm && exec "$@"' isolate)
    how="/usr/lib/jvm hidden in a private mount namespace"
else
    mkdir "$work/bin"
    for tool in sh readlink dirname; do ln -s "$(command -v "$tool")" "$work/bin/$tool"; done
    isolate=()
    how="PATH without a JDK (unshare not permitted here)"
fi
nojava=(env -i "PATH=${isolate:+/usr/bin:/bin}${isolate:-$work/bin}" JAVA_HOME=/nonexistent
    HOOKPOINT_JAVA_OPTS="$aot_mode" HOOKPOINT_DATA="$work/data" SERVER_PORT="$port")
if [ ${#isolate[@]} -gt 0 ]; then
    "${isolate[@]}" sh -c '! command -v java && ! ls /usr/lib/jvm/*/bin/java' >/dev/null 2>&1 || fail "a JDK is still visible"
fi

password=pkg-test-$RANDOM$RANDOM
hash=$(printf '%s\n' "$password" | "${isolate[@]}" "${nojava[@]}" "$launcher" hash-password 2>"$work/out.log" | tail -1) \
    || fail "hookpoint hash-password"
[[ $hash == pbkdf2-sha256.* ]] || fail "hash-password printed: $hash"
ok "hookpoint hash-password works with $how"

start=$(date +%s%N)
"${isolate[@]}" "${nojava[@]}" HOOKPOINT_USERS="ops:$hash" "$launcher" serve >"$work/out.log" 2>&1 &
pid=$!
base=https://localhost:$port/api/v1
curl_=(curl -sS --cacert "$work/data/tls/dev-cert.pem" -u "ops:$password" -o "$work/body" -w '%{http_code}')
status=
for _ in $(seq 600); do
    kill -0 "$pid" 2>/dev/null || fail "the service stopped"
    if [ -f "$work/data/tls/dev-cert.pem" ]; then status=$("${curl_[@]}" "$base/auth/check" 2>/dev/null || true); fi
    [ "$status" = 200 ] && break
    sleep 0.05
done
[ "$status" = 200 ] || fail "GET /api/v1/auth/check answered ${status:-nothing}"
ok "started from the package ($how, ${aot_mode:+AOT cache required}${aot_mode:-no AOT cache}): first 200 after $((($(date +%s%N) - start) / 1000000)) ms"
status=$("${curl_[@]}" -H 'Content-Type: application/json' -H 'Idempotency-Key: pkg-1' \
    -d '{"to":"+420777123456","text":"From the package"}' "$base/sms")
[ "$status" = 200 ] && grep -q '"success":true' "$work/body" || fail "POST /api/v1/sms: $status $(cat "$work/body")"
ok "POST /api/v1/sms: 200 $(cat "$work/body" | cut -c1-60)..."
[ "$(curl -sS -o /dev/null -w '%{http_code}' --cacert "$work/data/tls/dev-cert.pem" -u "ops:wrong" "$base/auth/check")" = 401 ] \
    || fail "a wrong password was not answered 401"
ok "a wrong password: 401"

kill -TERM "$pid"
code=0; wait "$pid" || code=$?
pid=
[ "$code" = 0 ] || [ "$code" = 143 ] || fail "stopped with exit code $code (the unit accepts 0 and 143)"
ok "SIGTERM: exit code $code, a clean stop for the unit"
echo "package-test: $deb passed $checks checks"
