#!/usr/bin/env bash
# What-if comparisons run on common random numbers: a variant equal to the baseline differs by
# exactly zero; a real change shows a difference whose interval excludes zero.
. "$(dirname "$0")/lib/setup.sh"
scenario="$ORGFORCES_SRC/scenarios/hello-world.yaml"

# shielding 0.2 is the scenario's own value: the "variant" is the baseline, draw for draw.
"$bin" whatif "$scenario" --set teams.explorers.shielding=0.2 -n 24 --no-db --json >"$tmp/same.json" 2>/dev/null
grep -q '"comparisons"' "$tmp/same.json" || fail "no comparisons in the JSON"
if grep '"difference"' "$tmp/same.json" | grep -vq '"difference": 0.0'; then
  fail "identical arms differ: $(grep '"difference"' "$tmp/same.json" | sort -u)"
fi

# Full shielding keeps the planning force off the explorers: their drift falls, clearly.
"$bin" whatif "$scenario" --set teams.explorers.shielding=1 -n 24 --no-db >"$tmp/table.txt" 2>/dev/null
grep -q "CHANGE (95% CI)" "$tmp/table.txt" || fail "no side-by-side table"
line=$(grep -E '^explorers +drift ' "$tmp/table.txt") || fail "no drift row for explorers"
echo "$line" | grep -q -- ' −' || fail "drift did not fall: $line"
echo "$line" | grep -q '\*' || fail "the interval of the change includes 0: $line"

# Unknown variants are usage errors.
set +e
"$bin" whatif "$scenario" --variant nope --no-db >/dev/null 2>"$tmp/err"; code=$?
set -e
[ "$code" = 2 ] || fail "unknown variant exited $code"
grep -q "no what_if variant" "$tmp/err" || fail "unclear message: $(cat "$tmp/err")"
# Four variants of the flagship still fit 100 columns (one block per variant when side by side is wider).
"$bin" whatif "$ORGFORCES_SRC/scenarios/innovation-in-a-keeping-org.yaml" -n 4 --threads 2 --no-db >"$tmp/wide.txt" 2>/dev/null
python3 -c "
import sys
long = [l for l in open(sys.argv[1], encoding='utf-8').read().splitlines() if len(l) > 100]
sys.exit(1 if long else 0)" "$tmp/wide.txt" || fail "whatif prints lines wider than 100 columns: $(awk 'length > 100' "$tmp/wide.txt" | head -1)"
grep -q "^stronger-leadership$" "$tmp/wide.txt" || fail "whatif lost a variant's block"
echo "whatif_crn: ok"
