#!/usr/bin/env bash
# Builds everything (tests and benchmarks) with AddressSanitizer + UndefinedBehaviorSanitizer and runs
# every test with ctest. Usage: bash tests/run.sh [ctest args...]   (e.g. -L reliability)
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
build=${LK_BUILD_DIR:-build-asan}
# Let ccache share objects between clones of the repository (paths relative to the clone).
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
jobs=$(nproc)
# -O1 -g1 (line tables): sanitizer reports keep file:line, and a cold build takes half the time of -O2 -g.
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
  -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" -DLK_SANITIZE=ON >/dev/null
cmake --build "$build" -j "$jobs"
cmake --build "$build" -j "$jobs" --target bench
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
cd "$build"
ctest --output-on-failure -j "$jobs" "$@"
