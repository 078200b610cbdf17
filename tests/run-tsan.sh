#!/usr/bin/env bash
# ThreadSanitizer run of the store and sync tests (the code with threads and shared SQLite files: the
# UI worker and the sync worker each on their own connection, the hub's group commit, the sync worker's
# stop/poke, the fault proxy) and of the kiosk's flow and staff tests (the StoreWorker's tasks and the
# UiInbox that brings their results back to the UI thread).
# Usage: bash tests/run-tsan.sh [ctest args...]
# Builds only what those tests need in build-tsan (-DLK_TSAN=ON) and runs them with ctest.
# Not part of CI (tests/run.sh): see tests/reliability/README.md for its time.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${LK_TSAN_BUILD_DIR:-build-tsan}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLK_TSAN=ON >/dev/null

# The test executables with a store or sync label, and the binaries they run.
tests=(core_store_tests reliability_store_tests sync_unit_tests sync_integration_tests ui_flow_tests staff_ui_tests)
wanted=("${tests[@]}" kioskctl learning-hub)
targets=()
for t in "${wanted[@]}"; do
  if ninja -C "$build" -t query "$t" >/dev/null 2>&1; then targets+=("$t"); fi
done
start=$(date +%s)
cmake --build "$build" -j "$(nproc)" --target "${targets[@]}"
echo "tsan build: $(( $(date +%s) - start )) s"

export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 history_size=4 suppressions=$PWD/tests/tsan.supp ${TSAN_OPTIONS:-}"
cd "$build"
# gcc 12's TSan cannot map its shadow memory when the kernel randomizes mmap with more than 28 bits;
# run without address randomization then.
runner=()
if [ "$(cat /proc/sys/vm/mmap_rnd_bits 2>/dev/null || echo 28)" -gt 28 ] && command -v setarch >/dev/null; then
  runner=(setarch "$(uname -m)" -R)
fi
start=$(date +%s)
"${runner[@]}" ctest --output-on-failure -j "$(nproc)" -R "^($(IFS='|'; echo "${tests[*]}"))\$" "$@"
echo "tsan tests: $(( $(date +%s) - start )) s"
