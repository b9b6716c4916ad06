#!/usr/bin/env bash
# make build's start-up cache for target/hookpoint.jar: CACHE is target/hookpoint.aot (JDK 25+) or
# target/hookpoint.jsa (JDK 21-24), recorded by a training run (packaging/aot-train.sh) of make run's
# launcher (packaging/jar-launcher.sh). The JVM takes a cache only for the very jar it was trained with (its
# size and modification time), and Maven writes a new jar on every package: same contents, new times. So
# when the jar's contents and the libraries are those of the last training, the jar gets back the
# modification time it had then, and no new training is needed.
# Usage: packaging/jar-cache.sh CACHE
set -euo pipefail
cd "$(dirname "$0")/.."
cache=$1 jar=target/hookpoint.jar
stamp=$cache.stamp
sum=$({ unzip -p "$jar"; ls -l --time-style=+%s target/libs; } | sha256sum | cut -d' ' -f1)
if [ -s "$cache" ] && [ -f "$stamp" ] && [ "$(sed -n 1p "$stamp")" = "$sum" ]; then
    touch -d "@$(sed -n 2p "$stamp")" "$jar"
    exit 0
fi
echo "build: start-up cache $cache (a training run: packaging/aot-train.sh; AOT=0 skips it)"
rm -f target/hookpoint.aot target/hookpoint.jsa target/hookpoint.aot.stamp target/hookpoint.jsa.stamp
packaging/aot-train.sh packaging/jar-launcher.sh "$cache" >target/aot-training.log 2>&1 || {
    echo "the training run failed (target/aot-training.log):" >&2
    tail -40 target/aot-training.log >&2
    rm -f "$cache"
    exit 1
}
printf '%s\n%s\n' "$sum" "$(stat -c %Y "$jar")" >"$stamp"
