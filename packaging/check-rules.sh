#!/usr/bin/env bash
# make rules-check (and make test): promtool check rules + promtool test rules on packaging/prometheus.
# promtool comes with Debian's prometheus package (apt-get install prometheus); without it this says so.
set -euo pipefail
cd "$(dirname "$0")/prometheus"
if ! command -v promtool >/dev/null; then
    echo "rules-check: promtool is not installed (apt-get install prometheus): alert rules NOT checked"
    exit 0
fi
promtool check rules hookpoint-rules.yml
promtool test rules hookpoint-rules.test.yml
