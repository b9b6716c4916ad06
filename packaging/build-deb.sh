#!/usr/bin/env bash
# make package: target/hookpoint_VERSION_amd64.deb from target/hookpoint.jar + target/libs (make build).
# 1. a Java runtime of only the modules Hookpoint uses (jlink, from the JDK that builds: JAVA_HOME)
# 2. an ahead-of-time cache (JDK 24+: JEP 483/514) recorded by a training run of the packaged launcher that
#    serves a few real requests, so the classes of a start and its first answers load and link from it
# 3. launcher, systemd unit, sysusers entry and settings file laid out under target/package/root
# 4. dpkg-deb --root-owner-group (no root needed)
set -euo pipefail
cd "$(dirname "$0")/.."
java_home=${JAVA_HOME:?JAVA_HOME must name the JDK to link (make sets it)}
out=target/package
root=$out/root
home=$root/usr/lib/hookpoint
[ -f target/hookpoint.jar ] && [ -d target/libs ] || { echo "target/hookpoint.jar is missing: make build first" >&2; exit 1; }

# Modules: `jdeps -s --multi-release 25` over target/hookpoint.jar and each of target/libs (2026-12: java.base,
# java.sql, java.logging, java.management, java.desktop for java.beans, java.naming, java.xml, java.transaction.xa,
# java.security.jgss, java.net.http, jdk.unsupported, jdk.management, jdk.jfr), plus what is loaded by name
# only: jdk.crypto.ec (TLS with EC keys), jdk.zipfs (static content from the jar), jdk.charsets.
# make package-test starts the result and sends real requests: a missing module fails there.
modules=java.base,java.sql,java.logging,java.management,java.desktop,java.naming,java.xml,java.transaction.xa
modules=$modules,java.security.jgss,java.net.http,jdk.unsupported,jdk.management,jdk.jfr,jdk.crypto.ec,jdk.zipfs
modules=$modules,jdk.charsets

version=$(unzip -p target/hookpoint.jar META-INF/MANIFEST.MF | tr -d '\r' | sed -n 's/^Implementation-Version: //p')
[ -n "$version" ] || { echo "no Implementation-Version in target/hookpoint.jar" >&2; exit 1; }
deb_version=${version//-/\~}   # 1.0.0-SNAPSHOT sorts before 1.0.0 as 1.0.0~SNAPSHOT

rm -rf "$out"
mkdir -p "$home/bin" "$home/lib" "$root/usr/bin" "$root/usr/lib/systemd/system" "$root/usr/lib/sysusers.d" \
    "$root/etc/hookpoint" "$root/usr/share/doc/hookpoint" "$root/DEBIAN"

echo "package: jlink ($("$java_home/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.runtime.version = //p'))"
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
    --compress=zip-6 --generate-cds-archive --output "$home/runtime" >/dev/null

cp target/hookpoint.jar "$home/lib/"
cp -r target/libs "$home/lib/libs"
install -m 0755 packaging/hookpoint "$home/bin/hookpoint"
ln -s ../lib/hookpoint/bin/hookpoint "$root/usr/bin/hookpoint"
install -m 0644 packaging/systemd/hookpoint.service "$root/usr/lib/systemd/system/hookpoint.service"
install -m 0644 packaging/systemd/hookpoint.sysusers "$root/usr/lib/sysusers.d/hookpoint.conf"
install -m 0600 packaging/hookpoint.env "$root/etc/hookpoint/hookpoint.env"
install -m 0644 docs/operations.md "$root/usr/share/doc/hookpoint/operations.md"

feature=$("$java_home/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')
if [ "${feature%%.*}" -ge 25 ]; then
    echo "package: ahead-of-time cache (training run)"
    packaging/aot-train.sh "$home/bin/hookpoint" "$home/lib/hookpoint.aot" >"$out/aot-training.log" 2>&1 \
        || { echo "the training run failed:" >&2; tail -40 "$out/aot-training.log" >&2; exit 1; }
else
    echo "package: no ahead-of-time cache (needs a JDK 25+ to build with; this is $feature)"
fi

sed -e "s/@VERSION@/$deb_version/" -e "s/@INSTALLED_SIZE@/$(du -sk --exclude=DEBIAN "$root" | cut -f1)/" \
    packaging/debian/control >"$root/DEBIAN/control"
install -m 0644 packaging/debian/conffiles "$root/DEBIAN/conffiles"
install -m 0755 packaging/debian/postinst packaging/debian/prerm packaging/debian/postrm "$root/DEBIAN/"

deb=target/hookpoint_${deb_version}_amd64.deb
rm -f target/hookpoint_*.deb
dpkg-deb --root-owner-group -Zgzip --build "$root" "$deb" >/dev/null
echo "package: $deb ($(du -h "$deb" | cut -f1))"
