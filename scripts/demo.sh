#!/usr/bin/env bash
# `make demo`: check and run the bundled flagship scenario and print what happens to each team
# and venture (about half a minute on two cores).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/bin
flagship=scenarios/innovation-in-a-keeping-org.yaml

"$bin/orgforces" check "$flagship"
echo
"$bin/orgforces" run "$flagship"
echo
# The planning-review report (HTML and its Markdown twin) for the same scenario.
report=build/flagship-report.html
"$bin/orgforces" report "$flagship" -o "$report" > /dev/null
echo "Report: $(pwd)/$report (Markdown twin: $(pwd)/${report%.html}.md)"
