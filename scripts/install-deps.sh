#!/usr/bin/env bash
# Installs the Debian packages orgforces needs to build, test and demo.
# Idempotent: when every package is present it only checks and returns.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config ccache
  libboost-graph-dev libboost-random-dev libeigen3-dev libsqlite3-dev sqlite3
  libimgui-dev libstb-dev libglfw3-dev libopengl-dev libgl-dev libgl1-mesa-dri
  doctest-dev libyaml-cpp-dev libcli11-dev libfmt-dev nlohmann-json3-dev libpcg-cpp-dev
  libopenmpi-dev openmpi-bin
  libnlopt-cxx-dev                     # `orgforces optimize` (COBYLA)
  libpagmo-dev                         # `orgforces optimize` with two or more objectives (NSGA-II)
  xvfb xauth
  fonts-dejavu-core                    # the dashboard's text (it falls back to a built-in font)
  libgraphviz-dev                      # the dashboard's causal-loop layout (Graphviz's dot)
  clang-14 libclang-rt-14-dev
  chromium poppler-utils                # headless printing of the report (`report --pdf`) and its print test
  python3 python3-yaml python3-jsonschema
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
