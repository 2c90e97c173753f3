#!/usr/bin/env bash
# `make demo`: check and run the bundled flagship scenario, print what happens to each team and
# venture, then write its complete planning-review report: the decision among its what-if
# policies, the hidden forces (attribution), the levers ranked by Sobol indices, a sweep of
# frontier's shielding and the Pareto front of shielding against leadership (about a minute on
# two idle cores; docs/performance.md).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/bin
flagship=scenarios/innovation-in-a-keeping-org.yaml
db=build/demo.db
rm -f "$db"

"$bin/orgforces" check "$flagship"
echo
"$bin/orgforces" run "$flagship" --db "$db"
echo
# A small sweep (sweep 1 of the fresh database) and a small policy search, for "Settings explored".
"$bin/orgforces" sweep "$flagship" --grid teams.frontier.shielding=0:0.8:5 -n 32 --db "$db" > /dev/null 2>&1
"$bin/orgforces" optimize "$flagship" --decide teams.frontier.shielding=0:0.9 --decide teams.frontier.leadership=0.01:0.1 \
    --objective drift:frontier --objective friction:frontier -n 16 --population 8 --generations 3 --json \
    > build/demo-front.json 2> /dev/null
# The planning-review report (HTML and its Markdown twin with its figures) for the same scenario.
report=build/flagship-report.html
"$bin/orgforces" report "$flagship" --variants all --attribution --levers --sweep 1 --pareto build/demo-front.json \
    --db "$db" -o "$report" > /dev/null
echo "Report: $(pwd)/$report (Markdown twin: $(pwd)/${report%.html}.md)"
