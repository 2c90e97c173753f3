#!/usr/bin/env bash
# `make demo`: check and run the bundled flagship scenario, print what happens to each team and
# venture, then write its complete planning-review report: the decision among its what-if
# policies, the hidden forces (attribution) and the levers ranked by Sobol indices (well under a
# minute on two idle cores).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/bin
flagship=scenarios/innovation-in-a-keeping-org.yaml

"$bin/orgforces" check "$flagship"
echo
"$bin/orgforces" run "$flagship"
echo
# The planning-review report (HTML and its Markdown twin with its figures) for the same scenario.
report=build/flagship-report.html
"$bin/orgforces" report "$flagship" --variants all --attribution --levers -o "$report" > /dev/null
echo "Report: $(pwd)/$report (Markdown twin: $(pwd)/${report%.html}.md)"
