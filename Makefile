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

.PHONY: run test build clean jdk

## run: build and start the service on https://localhost:8443 with the embedded defaults
run: build
	java -jar target/hookpoint.jar

## test: the whole test suite
test:
	$(MVN) $(MVN_FLAGS) verify

## build: the runnable jar (target/hookpoint.jar + target/libs), without running tests
build:
	$(MVN) $(MVN_FLAGS) -q -DskipTests package

clean:
	$(MVN) $(MVN_FLAGS) -q clean

jdk:
	@echo "$(JAVA_HOME)"
