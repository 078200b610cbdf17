#!/usr/bin/env bash
# The real libFuzzer campaign (not part of CI; CI replays the corpus, see tests/fuzz/README.md).
# Usage: bash tests/fuzz/run-fuzz.sh [seconds-per-target] [target...]
# Builds the fuzz targets with clang (-fsanitize=fuzzer,address,undefined; the libraries with
# fuzzer-no-link for coverage) in build-fuzz, runs each for the given time (default 20 s) on a working
# copy of its committed seed corpus (build-fuzz/corpus/<target>; new inputs go there, never into the
# repository), and prints executions per target. Crashes are saved as build-fuzz/artifacts/<target>/crash-*
# and make the script exit non-zero.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-20}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(catalog_json kiosk_config batch_request protocol_messages hub_http http_body)
fi
build=${LK_FUZZ_BUILD_DIR:-build-fuzz}
flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLK_FUZZ=ON \
  -DLK_SANITIZE=OFF -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
start=$(date +%s)
cmake --build "$build" -j "$(nproc)" --target $(printf 'fuzz_%s ' "${targets[@]}")
echo "build: $(( $(date +%s) - start )) s"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
failed=0
summary=""
for t in "${targets[@]}"; do
  work="$build/corpus/$t"
  artifacts="$build/artifacts/$t"
  mkdir -p "$work" "$artifacts"
  log="$build/fuzz-$t.log"
  set +e
  "$build/bin/fuzz_$t" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=4096 \
    -dict=tests/fuzz/hostile.dict -artifact_prefix="$artifacts/" "$work" "tests/fuzz/corpus/$t" >"$log" 2>&1
  rc=$?
  set -e
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1 || true)
  if [ -z "$execs" ]; then  # crashed before the final stats: the last progress line
    execs=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#' || true)
  fi
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || true)
  line="$t: ${execs:-?} executions in ${seconds} s, coverage ${cov:-?} edges, corpus $(ls "$work" | wc -l) files"
  if [ $rc -ne 0 ]; then
    line="$line -- FAILED (exit $rc), see $log and $artifacts"
    failed=1
  fi
  echo "$line"
  summary="$summary$line"$'\n'
done
printf '\n%s' "$summary"
exit $failed
