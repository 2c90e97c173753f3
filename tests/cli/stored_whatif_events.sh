#!/usr/bin/env bash
# A stored what-if run keeps its events whole: `report --run` shows the variant's `move` among the
# scheduled events, and the command the report gives to reproduce it gives the stored numbers.
set -uo pipefail
bin="${ORGFORCES_BIN:?set ORGFORCES_BIN to the folder of the binaries}"
src="${ORGFORCES_SRC:?set ORGFORCES_SRC to the source tree}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail=0
reorg="$src/scenarios/reorganization.yaml"
db="$tmp/runs.db"

# Run 1 is the baseline, run 2 the what-if whose only change is a `move` event.
"$bin/orgforces" whatif "$reorg" --variant stays-in-research --replicates 8 --seed 3 -j 1 --db "$db" > "$tmp/whatif.txt" 2>&1 \
    || { echo "FAIL: whatif"; cat "$tmp/whatif.txt"; exit 1; }
mkdir -p "$tmp/s" "$tmp/a"
"$bin/orgforces" report --run 2 --db "$db" --format md -o "$tmp/s/report.md" > /dev/null 2> "$tmp/err" \
    || { echo "FAIL: report --run 2"; cat "$tmp/err"; exit 1; }

# The variant's event is in the scheduled events, saying what it does.
grep -q '| 52 | frontier stays in research | frontier moves to unit research |' "$tmp/s/report.md" \
    || { echo "FAIL: the stored what-if's move is not among the scheduled events"; grep -A12 'Scheduled events' "$tmp/s/report.md"; fail=1; }

# The reproduce command runs the variant (its events with it) and gives the stored numbers.
repro=$(grep -o 'Reproduce the numbers with `[^`]*`' "$tmp/s/report.md" | sed 's/^Reproduce the numbers with ` *//; s/ *`$//')
[[ "$repro" == *"--variant stays-in-research"* ]] || { echo "FAIL: the reproduce command does not name the variant: $repro"; fail=1; }
mkdir -p "$tmp/e"
(cd "$tmp/e" && PATH="$bin:$PATH" && eval "$repro -j 1 --db '$tmp/again.db'") > "$tmp/e/again.txt" 2>&1 \
    || { echo "FAIL: the reproduce command failed: $repro"; cat "$tmp/e/again.txt"; fail=1; }
numbers() { "$bin/orgforces" show "$1" --db "$2" | sed -n '/^at the horizon/,$p' | grep -v 'orgforces export'; }
numbers 2 "$db" > "$tmp/stored.txt"
numbers 1 "$tmp/again.db" > "$tmp/again-numbers.txt"
[[ -s "$tmp/stored.txt" ]] || { echo "FAIL: no stored numbers"; fail=1; }
diff "$tmp/stored.txt" "$tmp/again-numbers.txt" > "$tmp/diff.txt" \
    || { echo "FAIL: the reproduce command gave other numbers than the stored what-if"; head -20 "$tmp/diff.txt"; fail=1; }
# ... which are not the baseline's: the move acts.
numbers 1 "$db" > "$tmp/baseline.txt"
cmp -s "$tmp/stored.txt" "$tmp/baseline.txt" && { echo "FAIL: the what-if's numbers equal the baseline's"; fail=1; }

# The report of the reproduced run equals the stored one's, but for where it came from.
"$bin/orgforces" report --run 1 --db "$tmp/again.db" --format md -o "$tmp/a/report.md" > /dev/null 2>&1 || { echo "FAIL: report of the reproduced run"; fail=1; }
body() { sed '/^## Appendix/,$d' "$1"; }
diff <(body "$tmp/s/report.md") <(body "$tmp/a/report.md") > "$tmp/diff2.txt" \
    || { echo "FAIL: the reports of the stored and the reproduced run differ"; head -20 "$tmp/diff2.txt"; fail=1; }

# A variant that does not exist is a usage error.
"$bin/orgforces" run "$reorg" --variant nope --replicates 2 --no-db > /dev/null 2> "$tmp/err"
[[ $? -eq 2 ]] || { echo "FAIL: run --variant nope: exit not 2"; fail=1; }
grep -q 'no what_if variant `nope`.*stays-in-research' "$tmp/err" || { echo "FAIL: unknown variant not listed"; cat "$tmp/err"; fail=1; }
exit $fail
