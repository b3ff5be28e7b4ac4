#!/usr/bin/env bash
# The rule engine of AmityCore deciding visits in process: Taiwan's and Korea's 2020 versions,
# people with weeks of history, proxies, day gates and holidays, compiled with -O from the core's
# own sources (no database, no server).
#   Benchmarks/rationing/decide.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=$(mktemp -d /tmp/amity-rationing.XXXXXX)
trap 'rm -rf "$OUT"' EXIT
# Every file of the core but those that need swift-crypto (signatures, tokens), which the rules do not use.
SOURCES=$(grep -L '^import Crypto' $(find Sources/AmityCore -name '*.swift'))
# shellcheck disable=SC2086
swiftc -O -swift-version 6 -module-name AmityCore -o "$OUT/decide" Benchmarks/rationing/main.swift $SOURCES
"$OUT/decide"
