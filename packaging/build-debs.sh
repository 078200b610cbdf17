#!/usr/bin/env bash
# Builds the Debian packages learning-kiosk and learning-hub from this tree.
#   packaging/build-debs.sh [OUT_DIR]        (default: out/)
# Environment: LK_PKG_BUILD_DIR  the Release build tree (default: build-pkg; reused, so rebuilds are quick)
#              LK_DEB_REVISION   Debian revision, e.g. 2 for 0.1.0-2 (default 1)
#              JOBS              parallel jobs (default: nproc)
# Only the packaged binaries (kioskctl, learning-kiosk, learning-hub: those that exist) are built, with
# CMAKE_INSTALL_PREFIX=/usr and no sanitizers. Prints the paths of the .deb files it made.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$src/out}
build=${LK_PKG_BUILD_DIR:-$src/build-pkg}
jobs=${JOBS:-$(nproc)}
# ccache (enabled by the top-level CMakeLists.txt) then hits across clones at other paths, e.g. CI's.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$src} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-true}
mkdir -p "$out"
rm -rf "$build/debs"
out=$(cd "$out" && pwd)

generator=()
if [ ! -f "$build/CMakeCache.txt" ] && command -v ninja >/dev/null; then generator=(-G Ninja); fi
cmake -S "$src" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
  -DLK_SANITIZE=OFF -DLK_TSAN=OFF -DLK_FUZZ=OFF -DLK_DEB_REVISION="${LK_DEB_REVISION:-1}" >/dev/null
cmake --build "$build" -j "$jobs" --target debs
rm -f "$out"/learning-kiosk_*.deb "$out"/learning-hub_*.deb
cp "$build"/debs/*.deb "$out"/
ls -1 "$out"/*.deb
