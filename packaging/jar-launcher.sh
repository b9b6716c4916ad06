#!/bin/sh
# Starts target/hookpoint.jar (make run) on the java of the PATH (make puts the JDK it found first), with the
# start-up cache make build trained for that jar when it is there: JDK 25+'s ahead-of-time cache
# (target/hookpoint.aot) or, on JDK 21-24, a class-data archive (target/hookpoint.jsa). make build keeps at
# most one of them, the one of its JDK. Extra JVM options: HOOKPOINT_JAVA_OPTS. Arguments go to Hookpoint.
set -e
target=$(dirname "$(dirname "$(readlink -f "$0")")")/target
cache=
if [ -f "$target/hookpoint.aot" ]; then
    # errors only: JDK 25 warns of stubs it cannot link on every start; a stale cache still says so (an error)
    cache="-XX:AOTCache=$target/hookpoint.aot -Xlog:aot*=error"
elif [ -f "$target/hookpoint.jsa" ]; then
    cache="-XX:SharedArchiveFile=$target/hookpoint.jsa"
fi
# shellcheck disable=SC2086 # the options are words on purpose
exec java -XX:+ExitOnOutOfMemoryError $cache ${HOOKPOINT_JAVA_OPTS:-} -jar "$target/hookpoint.jar" "$@"
