#!/usr/bin/env bash
# `orgforces report --sweep ID` charts a stored sweep (each default measure against each swept
# parameter, with its band) and `--pareto FRONT.json` draws the front `optimize --json` printed.
set -uo pipefail
bin="${ORGFORCES_BIN:?set ORGFORCES_BIN to the folder of the binaries}"
src="${ORGFORCES_SRC:?set ORGFORCES_SRC to the source tree}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
fail=0
hello="$src/scenarios/hello-world.yaml"

"$bin/orgforces" sweep "$hello" --grid teams.explorers.shielding=0:0.6:3 -n 8 -j 2 --db s.db >/dev/null 2>&1 \
    || { echo "FAIL: sweep"; exit 1; }
# Alone: the sweep's own scenario, reported with the sweep's charts.
"$bin/orgforces" report --sweep 1 --db s.db -o alone.html -j 2 >/dev/null 2>err || { echo "FAIL: report --sweep alone"; cat err; fail=1; }
# The explored section holds one chart per default measure (hello-world: drift and friction of the
# explorers) against the one swept parameter, each with a band and a dot per grid value.
python3 - alone.html <<'PY' || fail=1
import re, sys
html = open(sys.argv[1]).read()
sec = re.search(r'<section id="explored">(.*?)</section>', html, re.S)
assert sec, "no explored section"
charts = re.findall(r'<svg .*?</svg>', sec.group(1), re.S)
titles = [re.search(r'<title>(.*?)</title>', c).group(1) for c in charts]
assert len(charts) == 2, titles
for c, t in zip(charts, titles):
    assert "against" in t and "shielding" in t, t
    assert "<polygon" in c, f"no band in {t}"
    assert len(re.findall(r'<circle', c)) >= 3, f"fewer than 3 dots in {t}"
print("sweep charts:", titles)
PY
grep -q 'No sweep shown' alone.html && { echo "FAIL: the sweep report says no sweep"; fail=1; }
# Beside a scenario FILE, and absent: a note says how to add it.
"$bin/orgforces" report "$hello" -n 8 -j 2 --sweep 1 --db s.db -o with.html >/dev/null 2>&1 || { echo "FAIL: FILE --sweep"; fail=1; }
grep -q 'shielding' with.html || { echo "FAIL: FILE --sweep lacks the charts"; fail=1; }
"$bin/orgforces" report "$hello" -n 8 -j 2 -o plain.html >/dev/null 2>&1 || { echo "FAIL: plain report"; fail=1; }
grep -q 'No sweep shown' plain.html || { echo "FAIL: no note without --sweep"; fail=1; }
# A missing sweep is the missing-id error: exit 2, and nothing written.
"$bin/orgforces" report --sweep 9 --db s.db -o missing.html >/dev/null 2>err
code=$?
[[ $code -eq 2 ]] || { echo "FAIL: missing sweep exits $code, expected 2"; fail=1; }
grep -q 'no sweep 9' err || { echo "FAIL: missing sweep message"; cat err; fail=1; }
[[ -e missing.html ]] && { echo "FAIL: a report was written for a missing sweep"; fail=1; }

# The Pareto front of a small two-objective search, drawn with its table.
"$bin/orgforces" optimize "$hello" --decide teams.explorers.shielding=0:0.8 --objective drift:explorers \
    --objective friction:explorers -n 4 --population 8 --generations 2 -j 2 --json >front.json 2>/dev/null \
    || { echo "FAIL: optimize"; fail=1; }
"$bin/orgforces" report "$hello" -n 8 -j 2 --pareto front.json -o pareto.html >/dev/null 2>err || { echo "FAIL: --pareto"; cat err; fail=1; }
python3 - pareto.html front.json <<'PY' || fail=1
import json, re, sys
html = open(sys.argv[1]).read()
front = json.load(open(sys.argv[2]))["front"]
sec = re.search(r'<section id="explored">(.*?)</section>', html, re.S).group(1)
assert "Trade-offs between objectives" in sec, "no Pareto part"
assert "<svg" in sec.split("Trade-offs between objectives", 1)[1], "no Pareto chart"
rows = re.findall(r'<tr>', sec.split("Trade-offs between objectives", 1)[1])
assert len(rows) == len(front) + 1, (len(rows), len(front))   # header + one row per point
print(f"Pareto front of {len(front)} points drawn")
PY
echo '{"front": []}' >bad.json
"$bin/orgforces" report "$hello" -n 8 --pareto bad.json -o bad.html >/dev/null 2>err
code=$?
[[ $code -eq 2 ]] || { echo "FAIL: a bad front exits $code, expected 2"; fail=1; }
grep -q 'bad.json' err || { echo "FAIL: the bad front's error does not name the file"; cat err; fail=1; }
exit $fail
