#!/usr/bin/env bash
# `make demo`: the main job on the bundled flagship scenario.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/bin
flagship=scenarios/innovation-in-a-keeping-org.yaml

"$bin/orgforces" check "$flagship"
