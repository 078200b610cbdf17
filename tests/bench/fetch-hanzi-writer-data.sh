#!/usr/bin/env bash
# Fetches the npm package hanzi-writer-data (stroke medians of about 9,500 characters, Arphic PL) into the
# build tree for the handwriting benchmark, with `npm pack` (never committed, never at build time).
# Usage: bash tests/bench/fetch-hanzi-writer-data.sh BUILD_DIR
# Prints the directory of <character>.json files on stdout, or nothing (and a message on stderr) when npm
# or the registry cannot be reached; exits 0 either way, so that the benchmark is skipped, not failed.
set -uo pipefail
version=2.0.1
dir="$1/bench-data/hanzi-writer-data-$version"
if [ ! -f "$dir/package/二.json" ]; then
  rm -rf "$dir" && mkdir -p "$dir"
  if ! command -v npm >/dev/null; then
    echo "fetch-hanzi-writer-data: npm not installed; the handwriting benchmark is skipped" >&2
    exit 0
  fi
  if ! (cd "$dir" && timeout 300 npm pack --silent "hanzi-writer-data@$version" >/dev/null &&
        tar xzf "hanzi-writer-data-$version.tgz"); then
    echo "fetch-hanzi-writer-data: npm pack hanzi-writer-data@$version failed (registry unreachable?);" \
         "the handwriting benchmark is skipped" >&2
    rm -rf "$dir"
    exit 0
  fi
fi
(cd "$dir/package" && pwd)
