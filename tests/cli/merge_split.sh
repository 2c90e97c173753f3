#!/usr/bin/env bash
# A scenario that splits a team off and later merges another away: `check` accepts it, `run
# --no-db`, `run --json`, `run --csv` and `report` run it; the headcounts move as the events say, nobody is
# lost, and the empty teams' numbers stay numbers. A merge of a team into itself is refused with
# exit 2 and the event's line:col.
set -euo pipefail
bin="${ORGFORCES_BIN:?set ORGFORCES_BIN to the folder of the binaries}/orgforces"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cat > "$tmp/regroup.yaml" <<'YAML'
name: regroup
horizon: 40
seed: 3
replicates: 6
dimensions:
  - {name: horizon, low: short-term, high: long-term}
  - {name: exploration, low: keep, high: explore}
organization:
  units: [{name: org}, {name: lab, parent: org}, {name: product, parent: org}]
  baseline: {horizon: 0.3, exploration: 0.3}
gravity:
  - {name: planning, target: {horizon: 0.1, exploration: 0.2}, strength: 0.02}
teams:
  - {name: research, unit: lab, size: 10, intent: {horizon: 0.8, exploration: 0.8}}
  - {name: delivery, unit: product, size: 20, intent: {horizon: 0.2, exploration: 0.2}}
  - {name: incubator, unit: lab, size: 0, intent: {horizon: 0.9, exploration: 0.9}, shielding: 0.7}
ventures:
  - name: probe
    team: research
    stones: [{name: prototype, kind: engineering, effort: 40}]
events:
  - {tick: 10, label: spin-off, split: {team: research, into: incubator, size: 4, who: least-conforming}}
  - {tick: 20, label: fold research into delivery, merge: {teams: [research, delivery], into: delivery}}
YAML

"$bin" check "$tmp/regroup.yaml" > "$tmp/check.out" 2>&1 || fail "check refused the scenario: $(cat "$tmp/check.out")"
"$bin" run "$tmp/regroup.yaml" --no-db -j 2 > "$tmp/run.out" 2>&1 || fail "run --no-db failed: $(cat "$tmp/run.out")"
grep -q "incubator" "$tmp/run.out" || fail "run --no-db does not show the split-off team"
"$bin" run "$tmp/regroup.yaml" --no-db -j 2 --json > "$tmp/run.json" 2> "$tmp/json.err" || fail "run --json failed: $(cat "$tmp/json.err")"
"$bin" run "$tmp/regroup.yaml" --no-db -j 2 --csv "$tmp/csv" > /dev/null 2> "$tmp/csv.err" || fail "run --csv failed: $(cat "$tmp/csv.err")"

python3 - "$tmp/run.json" "$tmp/csv/series.csv" <<'PY' || exit 1
import csv, json, math, sys
doc = json.load(open(sys.argv[1]))
series = {(s["entity"], s["measure"]): s for s in doc["series"]}
def mean(team, measure, tick):
    return series[(team, measure)]["mean"][tick]
bad = []
checks = [
    (mean("incubator", "headcount", 9), 0), (mean("incubator", "headcount", 10), 4),
    (mean("research", "headcount", 10), 6), (mean("research", "headcount", 20), 0),
    (mean("delivery", "headcount", 20), 26), (mean("delivery", "headcount", 40), 26),
    (mean("incubator", "friction", 5), 0), (mean("research", "friction", 30), 0),
    (mean("incubator", "drift", 5), 0),
]
for got, want in checks:
    if abs(got - want) > 1e-9: bad.append(f"{got} != {want}")
for tick in range(41):
    total = sum(mean(t, "headcount", tick) for t in ("research", "delivery", "incubator"))
    if abs(total - 30) > 1e-9: bad.append(f"{total} people at tick {tick}")
# Every statistic of every series is a number (an empty team's included).
for s in doc["series"]:
    for k, values in s.items():
        if isinstance(values, list):
            for v in values:
                if v is None or not math.isfinite(v): bad.append(f"{s['entity']} {s['measure']} {k} = {v}")
rows = list(csv.reader(open(sys.argv[2], newline="")))
for row in rows[1:]:
    for cell in row[2:]:
        if cell in ("nan", "NaN", "inf", "-inf"): bad.append(f"CSV cell {cell} in {row[:2]}")
if bad:
    print("FAIL:", "; ".join(bad[:10])); sys.exit(1)
PY

# The report lists both events with what they do.
"$bin" report "$tmp/regroup.yaml" --replicates 6 -j 2 --format md -o "$tmp/report.md" > /dev/null 2> "$tmp/report.err" \
    || fail "report failed: $(cat "$tmp/report.err")"
grep -q "split 4 of research into incubator" "$tmp/report.md" || fail "the report does not describe the split"
grep -q "merge research into delivery" "$tmp/report.md" || fail "the report does not describe the merge"

# A merge of a team into itself: refused at the event's position, exit 2.
sed 's/merge: {teams: \[research, delivery\], into: delivery}/merge: {teams: [delivery], into: delivery}/' \
    "$tmp/regroup.yaml" > "$tmp/self.yaml"
set +e
"$bin" check "$tmp/self.yaml" > "$tmp/self.out" 2>&1
code=$?
set -e
[[ $code == 2 ]] || fail "check of a merge into itself exited $code, not 2"
grep -q "self.yaml:23:[0-9]*:.*into itself" "$tmp/self.out" || fail "no line:col for the merge into itself: $(cat "$tmp/self.out")"
echo "merge and split run end to end"
