#!/usr/bin/env bash
# Generates the instances (once), then solves each RUNS times with OR-Tools (one thread: its
# SimpleMinCostFlow has no other) and with `amity allocate` on one thread (--sequential) and on
# all cores, in the same run; stops unless every optimal cost is identical, and prints the median
# solve times, Amity's share of OR-Tools' time on one thread, and each solver's memory: the peak
# after reading the file and the peak in all (the solver's own is the difference).
#   Benchmarks/allocation/compare.sh [small medium large wide national]   (RUNS=3; pip install ortools numpy scipy)
set -euo pipefail
cd "$(dirname "$0")/../.."
source Benchmarks/common.sh
DIR=Benchmarks/allocation/instances
SIZES=${*:-small medium large wide national}
RUNS=${RUNS:-3}
trap 'rm -rf "$WORK"' EXIT
field() { awk -v k="$1" -F': ' '$1 == "c " k {print $2}' "$2" | awk '{print $1}'; }
median() { sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

solve() {   # label, then the command; appends "time read-peak peak cost" per run to $WORK/label
  local label=$1; shift
  : >"$WORK/$label"
  for _ in $(seq "$RUNS"); do
    "$@" >"$WORK/out.txt"
    echo "$(field "solve time" "$WORK/out.txt") $(field "peak memory after reading" "$WORK/out.txt")" \
      "$(field "peak memory" "$WORK/out.txt") $(field "optimal cost" "$WORK/out.txt")" >>"$WORK/$label"
  done
}

echo "| instance | nodes | arcs | OR-Tools, 1 thread | Amity, 1 thread | Amity, 2 threads | Amity ÷ OR-Tools, 1 thread | memory after reading / peak, OR-Tools | same, Amity (1 thread) | optimum (all runs) |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for size in $SIZES; do
  [ -f "$DIR/$size.min" ] || python3 Benchmarks/allocation/generate.py "$size" >/dev/null
  solve ortools python3 Benchmarks/allocation/ortools_solve.py "$DIR/$size.min"
  solve single "$BIN" allocate --dimacs "$DIR/$size.min" --sequential --database ":memory:" --log error
  solve parallel "$BIN" allocate --dimacs "$DIR/$size.min" --database ":memory:" --log error
  costs=$(awk '{print $4}' "$WORK/ortools" "$WORK/single" "$WORK/parallel" | sort -u)
  if [ "$(echo "$costs" | wc -l)" != 1 ]; then echo "$size: the optimal costs differ: $costs"; exit 1; fi
  o=$(awk '{print $1}' "$WORK/ortools" | median); s=$(awk '{print $1}' "$WORK/single" | median)
  p=$(awk '{print $1}' "$WORK/parallel" | median)
  memory() { echo "$(awk '{print $2}' "$1" | median) / $(awk '{print $3}' "$1" | median) MiB"; }
  header=$(grep -m1 '^p ' "$DIR/$size.min")
  printf '| %s | %s | %s | %s s | %s s | %s s | %s | %s | %s | %s |\n' "$size" \
    "$(echo "$header" | awk '{print $3}')" "$(echo "$header" | awk '{print $4}')" "$o" "$s" "$p" \
    "$(awk -v a="$s" -v b="$o" 'BEGIN {printf "%.2f", a / b}')" "$(memory "$WORK/ortools")" "$(memory "$WORK/single")" "$costs"
done
