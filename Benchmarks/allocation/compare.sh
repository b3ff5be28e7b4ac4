#!/usr/bin/env bash
# Generates the three instances (once), solves each with OR-Tools and with `amity allocate` in the
# same run, checks that the optimal costs are identical and prints times and memory side by side.
#   Benchmarks/allocation/compare.sh [small medium large]      (pip install ortools numpy scipy)
set -euo pipefail
cd "$(dirname "$0")/../.."
source Benchmarks/common.sh
DIR=Benchmarks/allocation/instances
SIZES=${*:-small medium large}
trap 'rm -rf "$WORK"' EXIT
field() { awk -v k="$1" -F': ' '$1 == "c " k {print $2}' "$2" | awk '{print $1}'; }
printf '%-8s %9s %10s | %-32s | %-32s | %s\n' size nodes arcs "OR-Tools solve / peak" "Amity solve / peak" "same optimum"
for size in $SIZES; do
  [ -f "$DIR/$size.min" ] || python3 Benchmarks/allocation/generate.py "$size" >/dev/null
  python3 Benchmarks/allocation/ortools_solve.py "$DIR/$size.min" >"$WORK/ortools.txt"
  "$BIN" allocate --dimacs "$DIR/$size.min" --database ":memory:" --log error >"$WORK/amity.txt"
  header=$(sed -n 2p "$DIR/$size.min")
  o_cost=$(field "optimal cost" "$WORK/ortools.txt"); a_cost=$(field "optimal cost" "$WORK/amity.txt")
  same=no; [ "$o_cost" = "$a_cost" ] && same="yes ($a_cost)"
  printf '%-8s %9s %10s | %8s s %9s MiB          | %8s s %9s MiB          | %s\n' "$size" \
    "$(echo "$header" | awk '{print $3}')" "$(echo "$header" | awk '{print $4}')" \
    "$(field "solve time" "$WORK/ortools.txt")" "$(field "peak memory" "$WORK/ortools.txt")" \
    "$(field "solve time" "$WORK/amity.txt")" "$(field "peak memory" "$WORK/amity.txt")" "$same"
  [ "$o_cost" = "$a_cost" ] || exit 1
done
