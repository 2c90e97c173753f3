#!/usr/bin/env bash
# One CSV writer: `run --csv` and `export --csv` of the same run write the same files, byte for
# byte; numbers (negative ones included) stay numbers; a text cell a spreadsheet would run as a
# formula (a scenario named "=HYPERLINK(...)") is neutralized with a leading ' (OWASP CSV Injection).
set -euo pipefail
bin="${ORGFORCES_BIN:?set ORGFORCES_BIN to the folder of the binaries}"
src="${ORGFORCES_SRC:?set ORGFORCES_SRC to the source tree}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail=0

sed 's/^name: .*/name: "=HYPERLINK(\\"http:\/\/example.invalid\\",\\"x\\")"/' "$src/scenarios/hello-world.yaml" > "$tmp/formula.yaml"
grep -q '^name: "=HYPERLINK' "$tmp/formula.yaml" || { echo "FAIL: could not build the test scenario"; exit 1; }
"$bin/orgforces" run "$tmp/formula.yaml" --replicates 6 -j 2 --db "$tmp/runs.db" --csv "$tmp/run" > /dev/null 2> "$tmp/run.log" \
    || { cat "$tmp/run.log"; exit 1; }
"$bin/orgforces" export 1 --db "$tmp/runs.db" --csv "$tmp/export" 2> /dev/null

for f in series.csv scalars.csv outcomes.csv survival.csv replicate_values.csv; do
    [[ -s "$tmp/run/$f" ]] || { echo "FAIL: run --csv did not write $f"; fail=1; continue; }
    cmp -s "$tmp/run/$f" "$tmp/export/$f" || { echo "FAIL: run --csv and export --csv differ in $f"; diff <(head -3 "$tmp/run/$f") <(head -3 "$tmp/export/$f") || true; fail=1; }
done

python3 - "$tmp/export" <<'PY' || fail=1
import csv, sys, os
d = sys.argv[1]
bad = 0
# The formula cell is neutralized, and reads back as the text with a leading '.
rows = dict(csv.reader(open(os.path.join(d, "run.csv"), newline="")))
if not rows.get("scenario", "").startswith("'=HYPERLINK("):
    print("FAIL: the scenario name was not neutralized:", repr(rows.get("scenario"))); bad = 1
raw = open(os.path.join(d, "run.csv"), encoding="utf-8").read()
if "\n=" in raw or ",=" in raw:
    print("FAIL: a cell begins with = in run.csv"); bad = 1
# Every number column parses as a number, and no number was given a leading '.
for name, cols in [("series.csv", range(2, 11)), ("scalars.csv", range(2, 6)), ("replicate_values.csv", range(2, 4))]:
    r = list(csv.reader(open(os.path.join(d, name), newline="")))
    for row in r[1:]:
        for c in cols:
            # An undefined statistic (over no replicate, n = 0) is an empty cell, never a number.
            if name == "scalars.csv" and row[c] == "" and c < 5 and row[5] == "0":
                continue
            try:
                float(row[c])
            except ValueError:
                print(f"FAIL: {name}: {row[c]!r} is not a number"); bad = 1
                break
print("csv: ok" if not bad else "csv: failures above")
sys.exit(bad)
PY
exit $fail
