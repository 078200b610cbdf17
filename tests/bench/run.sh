#!/usr/bin/env bash
# One command for every benchmark: builds a Release tree's `bench` target and prints one markdown table
# (machine, date, then one row per figure with its reference measured in the same run).
# Usage: bash tests/bench/run.sh [--quick]   (--quick: fewer repetitions, for a smoke run)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${LK_BENCH_BUILD_DIR:-build-bench}
quick=${1:-}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target bench >/dev/null

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
echo "Machine: $(nproc) cores, ${cpu}, $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -sr); $(date -u +%Y-%m-%d)"
echo
echo "| figure | measured | reference (same run) | ratio | target | met? |"
echo "|---|---|---|---|---|---|"
export LK_BENCH_QUICK=${quick:+1}
export LK_BENCH_BIN="$PWD/$build/bin"
# Each benchmark prints its rows; its progress and details go to stderr (kept in $build/bench-logs).
mkdir -p "$build/bench-logs"
for bench in "$build"/bench/*_bench; do
  [ -x "$bench" ] || continue
  name=$(basename "$bench")
  if ! "$bench" 2>"$build/bench-logs/$name.log"; then
    echo "| $name | failed (see $build/bench-logs/$name.log) | | | | **no** |"
  fi
done
