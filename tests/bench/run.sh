#!/usr/bin/env bash
# One command for every benchmark: builds a Release tree's `bench` target (and the programs the benchmarks
# start: learning-hub, kioskctl, learning-kiosk when present) and prints one markdown table (machine,
# load, date, then one row per figure with its reference measured in the same run).
# Usage: bash tests/bench/run.sh [--quick] [--no-build]
#   --quick: fewer repetitions and shorter runs, for a smoke run; --no-build: run what $build already holds.
# Environment: LK_BENCH_BUILD_DIR (default build-bench). Each benchmark's details: $build/bench-logs/NAME.log.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${LK_BENCH_BUILD_DIR:-build-bench}
quick="" build_it=1
for arg in "$@"; do
  case $arg in
    --quick) quick=1 ;;
    --no-build) build_it="" ;;
    *) echo "usage: $0 [--quick] [--no-build]" >&2; exit 2 ;;
  esac
done
if [ -n "$build_it" ]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  targets=(bench)
  for t in learning-hub kioskctl learning-kiosk; do
    ninja -C "$build" -t targets all 2>/dev/null | grep -q "^$t:" && targets+=("$t")
  done
  cmake --build "$build" --target "${targets[@]}" >/dev/null
fi

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
echo "Machine: $(nproc) cores, ${cpu}, $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -sr); $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "Load average at start: $(cut -d' ' -f1-3 /proc/loadavg)${quick:+ (quick run: fewer repetitions)}"
echo
echo "| figure | measured | reference (same run) | ratio | target | met? |"
echo "|---|---|---|---|---|---|"
export LK_BENCH_QUICK=$quick
export LK_BENCH_BIN="$PWD/$build/bin"
# Each benchmark prints its rows (lines starting with "|") on stdout; everything else it prints, and its
# stderr, go to $build/bench-logs/NAME.log.
mkdir -p "$build/bench-logs"
# The handwriting benchmark's data, from the npm registry into the build tree (skipped when unreachable).
LK_HANZI_WRITER_DATA=$(bash tests/bench/fetch-hanzi-writer-data.sh "$build" 2>"$build/bench-logs/fetch-hanzi-writer-data.log")
export LK_HANZI_WRITER_DATA
ran_ui=""
for bench in "$build"/bench/*_bench; do
  [ -x "$bench" ] || continue
  name=$(basename "$bench")
  [ "$name" = ui_bench ] && ran_ui=1
  log="$build/bench-logs/$name.log"
  out="$build/bench-logs/$name.out"
  status=0
  "$bench" >"$out" 2>"$log" || status=$?
  grep '^|' "$out" || true
  grep -v '^|' "$out" >>"$log" || true
  if [ "$status" != 0 ]; then
    echo "| $name | failed, exit $status (see $log) | | | | **no** |"
  elif ! grep -q '^|' "$out"; then
    echo "| $name | printed no table rows (its figures are in $log) | | | | **no** |"
  fi
done
# Figures without a benchmark yet, so that the table always lists every target of the issue.
if [ -z "$ran_ui" ]; then
  for f in "process start to first frame, with the Chinese font|within 1.5x of SDL window + empty ImGui frame, under 300 ms" \
           "idle CPU of the kiosk over 30 s|under 0.5% of a core" \
           "frame time at 1920x1080, software renderer, busiest screen|p99 under 12 ms" \
           "resident RSS after 10 minutes of scripted use|under 80 MB, not growing"; do
    echo "| ${f%%|*} | not measured: no ui_bench built in $build | | | ${f#*|} | **no** |"
  done
fi
echo "Load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
