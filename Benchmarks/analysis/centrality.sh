#!/usr/bin/env bash
# The analyses of AmityCore (centrality, the triangle, aid flows, the world map) on synthetic graphs
# of 1,000 to 20,000 cities, compiled with -O from the core's own sources (no database, no server).
#   Benchmarks/analysis/centrality.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=$(mktemp -d /tmp/amity-analysis.XXXXXX)
trap 'rm -rf "$OUT"' EXIT
# Every file of the core but those that need swift-crypto (signatures, tokens), which the analyses do not use.
SOURCES=$(grep -L '^import Crypto' $(find Sources/AmityCore -name '*.swift'))
# shellcheck disable=SC2086
swiftc -O -swift-version 6 -module-name AmityCore -o "$OUT/analyses" Benchmarks/analysis/main.swift $SOURCES
"$OUT/analyses"
