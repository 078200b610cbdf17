#!/usr/bin/env bash
# Installs every build and test dependency of learning-kiosk from Debian 12's packages.
# Idempotent: when everything is already installed it only checks, and returns in about a second.
set -euo pipefail

packages=(
  build-essential cmake pkg-config ninja-build git ccache
  libsdl2-dev libwayland-dev libimgui-dev libstb-dev
  libsqlite3-dev sqlite3
  # The hub's PostgreSQL backend (libpq) and the server its tests start in a temporary directory:
  postgresql-15 libpq-dev
  libcurl4-openssl-dev libssl-dev openssl ca-certificates
  nlohmann-json3-dev libcpp-httplib-dev libtomlplusplus-dev libcli11-dev
  libsodium-dev zlib1g-dev libsystemd-dev libmicrohttpd-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  fonts-noto-cjk unicode-data
  clang libclang-rt-14-dev
  python3 dpkg-dev fakeroot file systemd iproute2 nftables procps
  # The city layout's balancer, run in front of several hub replicas by the tests (packaging/city/haproxy.cfg):
  haproxy
  # The hub's web console: its templates (build) and the Bootstrap and Chart.js files it serves (runtime):
  libkainjow-mustache-dev libjs-bootstrap5 libjs-chart.js
  # The console's browser tests (tests/console): headless Chromium driven through Selenium:
  chromium chromium-driver python3-selenium
  # Credit Bank record link on the kiosk (QR code) and its decode check in tests:
  libqrencode-dev zbar-tools
  # Handwriting search (zinnia with Debian's simplified-Chinese model):
  libzinnia-dev tegaki-zinnia-simplified-chinese
  # Read-aloud: espeak-ng, and the pinyin phrase dictionaries the build turns into tone-numbered readings:
  libespeak-ng-dev espeak-ng-data rime-data-terra-pinyin rime-data-pinyin-simp sox
  # Screenshots of the kiosk in a real cage session (tests -L session):
  grim
  # Runtime dependencies of the learning-kiosk package, so the packaging test installs it offline:
  cage xwayland libpam-systemd polkitd libgl1-mesa-dri tzdata
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
