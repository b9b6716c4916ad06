# Thin wrappers around Maven. Helidon 4 needs Java 21+: use JAVA_HOME when it is one, else the java on
# the PATH, else the newest JDK under /usr/lib/jvm.
SHELL := /bin/bash
MVN ?= mvn
MVN_FLAGS ?= -B -ntp

JDK := $(shell \
  ok() { v=$$("$$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $$2}'); \
         [ -n "$$v" ] && [ "$${v%%.*}" -ge 21 ] 2>/dev/null; }; \
  if [ -n "$$JAVA_HOME" ] && ok "$$JAVA_HOME"; then echo "$$JAVA_HOME"; exit 0; fi; \
  if j=$$(command -v java 2>/dev/null); then h=$$(dirname "$$(dirname "$$(readlink -f "$$j")")"); \
     if ok "$$h"; then echo "$$h"; exit 0; fi; fi; \
  for d in $$(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do d=$${d%/}; if ok "$$d"; then echo "$$d"; exit 0; fi; done)

ifeq ($(JDK),)
$(error No JDK 21 or newer found: set JAVA_HOME to one (checked JAVA_HOME, the java on the PATH and /usr/lib/jvm))
endif
export JAVA_HOME := $(JDK)
export PATH := $(JDK)/bin:$(PATH)

# Maven's own Guava calls sun.misc.Unsafe, which Java 24+ warns about on every run: allow it for Maven's
# JVM only (the option exists from Java 23; an older java would refuse to start with it)
JDK_FEATURE := $(shell "$(JDK)/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $$2}')
ifeq ($(shell [ "$(JDK_FEATURE)" -ge 23 ] 2>/dev/null && echo yes),yes)
export MAVEN_OPTS := $(strip $(MAVEN_OPTS) --sun-misc-unsafe-memory-access=allow)
endif

# The start-up cache make build trains for the jar (packaging/aot-train.sh), used by make run
# (packaging/jar-launcher.sh): JDK 25+'s ahead-of-time cache, else (JDK 21-24) a class-data archive. AOT=0: none.
ifeq ($(shell [ "$(JDK_FEATURE)" -ge 25 ] 2>/dev/null && echo yes),yes)
JAR_CACHE := target/hookpoint.aot
else
JAR_CACHE := target/hookpoint.jsa
endif
AOT ?= 1

.PHONY: run test build clean jdk sdk docs lint bench fuzz simulate package package-test startup-time rules-check

# Node.js tools of the contract (make lint, make docs), installed from the npm registry into target/
TOOLS := target/tools
SPECTRAL := $(TOOLS)/node_modules/.bin/spectral
REDOCLY := $(TOOLS)/node_modules/.bin/redocly

## run: build and start the service on https://localhost:8443 with the embedded defaults (and the start-up cache)
run: build
	packaging/jar-launcher.sh

## simulate: play Bloomreach against the service of `make run` (in another terminal) and print the conformance report
SIMULATE_URL ?= https://localhost:8443/api/v1/sms
SIMULATE_ARGS ?= --customers 10000 --concurrency 200 --time-scale 0.01
simulate: build
	@test -f data/dev-password || { echo "data/dev-password is missing: start the service once with make run (delete data/dev-users first if it was made before this file existed)"; exit 2; }
	java -jar target/hookpoint.jar simulate --url $(SIMULATE_URL) --user hookpoint --password-file data/dev-password \
	  --trust-cert data/tls/dev-cert.pem $(SIMULATE_ARGS)

## test: the whole test suite, then the Debian package built from that jar, started with no JDK (package-test)
test:
	$(MVN) $(MVN_FLAGS) verify
	packaging/build-deb.sh
	packaging/test-deb.sh
	packaging/check-rules.sh

## build: the runnable jar (target/hookpoint.jar + target/libs), without running tests, and its start-up cache
## (trained again only when the jar's contents or a library changed: packaging/jar-cache.sh; AOT=0 skips it)
build:
	$(MVN) $(MVN_FLAGS) -q -DskipTests package
	@if [ "$(AOT)" = 1 ]; then packaging/jar-cache.sh $(JAR_CACHE); fi

## package: target/hookpoint_VERSION_amd64.deb: its own Java runtime (jlink), an AOT cache, launcher, systemd unit
package: build
	packaging/build-deb.sh

## package-test: the package extracted and started as on a host without Java; one authenticated request
package-test: package
	packaging/test-deb.sh

## startup-time: start to first 200, median of 5, of the jar on the build JDK, with its cache, and of the package's launcher
startup-time: package
	@echo "java -jar target/hookpoint.jar:"; packaging/startup-time.sh java -jar target/hookpoint.jar
	@echo "make run's launcher (the jar with the start-up cache of make build):"; packaging/startup-time.sh packaging/jar-launcher.sh
	@echo "the package (jlink runtime + AOT cache):"; packaging/startup-time.sh target/package/root/usr/bin/hookpoint

## rules-check: promtool check rules on packaging/prometheus (needs promtool: apt-get install prometheus)
rules-check:
	packaging/check-rules.sh

clean:
	$(MVN) $(MVN_FLAGS) -q clean

## bench: load the real service with wrk next to a same-run baseline (needs wrk: apt-get install wrk); BENCH_SECONDS=15, BENCH_DB=postgresql
bench:
	$(MVN) $(MVN_FLAGS) -q -DskipTests test-compile exec:exec

## fuzz: Jazzer on each fuzz target for up to a minute each; findings are saved as inputs that make test replays
FUZZ_TARGETS := SmsFuzzTest\#bodyToAnswer SmsFuzzTest\#segmentCount AuthorizationFuzzTest\#authorizationHeader AuthorizationFuzzTest\#idempotencyKey
fuzz:
	@for target in $(FUZZ_TARGETS); do \
	  echo "== fuzzing $$target"; \
	  JAZZER_FUZZ=1 $(MVN) $(MVN_FLAGS) -q test -Dtest="$$target" -Dsurefire.failIfNoSpecifiedTests=false || exit 1; \
	done

## sdk: the partner Java SDK (target/sdk): jar, sources and javadoc, installed in the local Maven repository
sdk:
	$(MVN) $(MVN_FLAGS) -q -Psdk generate-sources
	@leftovers=$$(cd target/sdk && ls -d git_push.sh .travis.yml .github build.gradle build.sbt settings.gradle gradle gradlew 2>/dev/null); \
	  if [ -n "$$leftovers" ]; then echo "the SDK has generator leftovers: $$leftovers"; exit 1; fi
	cp docs/sdk.md target/sdk/PARTNER-README.md
	$(MVN) $(MVN_FLAGS) -q -f target/sdk/pom.xml -DskipTests install
	@ls target/sdk/target/hookpoint-client-*.jar

## docs: the API reference as one self-contained HTML page, docs/api/index.html (needs Node.js)
docs: $(REDOCLY)
	mkdir -p docs/api
	$(REDOCLY) build-docs openapi.yaml --inlineBundle -o docs/api/index.html

## lint: Spectral with the OWASP API Security ruleset on openapi.yaml (needs Node.js; make test checks the same decisions)
lint: $(SPECTRAL)
	cp docs/contract/spectral.yaml $(TOOLS)/spectral.yaml
	$(SPECTRAL) lint openapi.yaml --ruleset $(TOOLS)/spectral.yaml --fail-severity error

$(SPECTRAL) $(REDOCLY):
	@command -v npm >/dev/null || { echo "make $(MAKECMDGOALS) needs Node.js and npm"; exit 1; }
	mkdir -p $(TOOLS)
	cd $(TOOLS) && npm install --no-audit --no-fund --silent \
	  @stoplight/spectral-cli@6.16 @stoplight/spectral-owasp-ruleset@2.0 @redocly/cli@2

jdk:
	@echo "$(JAVA_HOME)"

## lab: a 100,000-customer campaign through the whole chain on this machine, with STOP replies, a provider outage and a kill -9 (docs/lab.md); LAB_ARGS=... to change
.PHONY: lab
LAB_ARGS ?= --customers 100000 --outage-at 30 --outage-seconds 15 --kill-at 60 --json target/lab-report.json
lab: build
	java -jar target/hookpoint.jar lab $(LAB_ARGS)
