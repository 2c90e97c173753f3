#!/usr/bin/env bash
# The report under uncertainty: `--levers` ranks by Sobol indices (global) unless `--levers local`;
# `--uncertain` says the bands cover chance and ignorance and shows each variant's share of
# plausible worlds; `--posterior ID` draws a calibration's posterior and checks it against the
# observations the calibration stored; wrong combinations exit 2.
. "$(dirname "$0")/lib/setup.sh"
section() { python3 - "$1" "$2" <<'PY'
import html, re, sys
doc = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'<section id="%s">(.*?)</section>' % sys.argv[2], doc, re.S)
print(html.unescape(re.sub(r"<[^>]+>", " ", m.group(1))) if m else "")
PY
}

# Global levers by default, local on request.
"$bin" report "$hello" --levers --lever-samples 8 --lever-replicates 2 -n 8 -j 2 --format html -o "$tmp/g.html" \
  >/dev/null 2>"$tmp/err" || fail "report --levers failed: $(cat "$tmp/err")"
section "$tmp/g.html" levers >"$tmp/g.txt"
grep -q "total Sobol index" "$tmp/g.txt" || fail "global levers missing: $(head -c 400 "$tmp/g.txt")"
grep -q "explorers: shielding \*" "$tmp/g.txt" || fail "uncertain parameter not marked"
"$bin" report "$hello" --levers local -n 8 -j 2 --format html -o "$tmp/l.html" >/dev/null 2>&1 || fail "--levers local failed"
section "$tmp/l.html" levers >"$tmp/l.txt"
grep -q "lowered and raised by 10%" "$tmp/l.txt" || fail "local levers missing"
grep -q "total Sobol index" "$tmp/l.txt" && fail "local levers show Sobol indices"
# `--levers FILE`: the flag's optional value does not swallow the scenario.
"$bin" report --levers "$hello" --lever-samples 4 --lever-replicates 1 -n 8 -j 2 --format html -o "$tmp/g2.html" \
  >/dev/null 2>"$tmp/err" || fail "report --levers FILE failed: $(cat "$tmp/err")"
section "$tmp/g2.html" levers >"$tmp/g2.txt"
grep -q "total Sobol index" "$tmp/g2.txt" || fail "report --levers FILE: no global levers"

# --uncertain: the bands say what they cover; each variant's share of plausible worlds and regret.
"$bin" report "$flagship" --uncertain --variants more-shielding -n 16 -j 2 --format html -o "$tmp/u.html" \
  >/dev/null 2>"$tmp/err" || fail "report --uncertain failed: $(cat "$tmp/err")"
section "$tmp/u.html" uncertainty >"$tmp/u.txt"
grep -q "cover chance and ignorance" "$tmp/u.txt" || fail "no note on what the bands cover"
section "$tmp/u.html" whatif >"$tmp/w.txt"
grep -q "Across plausible worlds" "$tmp/w.txt" || fail "no plausible-worlds table"
grep -q "the same 2 worlds" "$tmp/w.txt" || fail "16 replicates are not 2 worlds: $(grep -o 'same [0-9]* worlds' "$tmp/w.txt")"
grep -Eq "[0-9]+% · regret" "$tmp/w.txt" || fail "no share and regret cells"

# --posterior: the calibration's observations over the report's bands.
calibrate_hello "$tmp/db"
cal=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["calibration_id"])' "$tmp/cal.json")
"$bin" report "$hello" --posterior "$cal" --db "$tmp/db" -n 16 -j 2 --format html -o "$tmp/p.html" \
  >/dev/null 2>"$tmp/err" || fail "report --posterior failed: $(cat "$tmp/err")"
section "$tmp/p.html" uncertainty >"$tmp/p.txt"
grep -q "Posterior predictive check" "$tmp/p.txt" || fail "no predictive check"
grep -Eq "[0-2] of 2 fall inside the middle 90%" "$tmp/p.txt" || fail "the two observations are not counted"

# Wrong combinations: exit 2.
for args in "--uncertain --posterior $cal" "--levers sideways"; do
  set +e
  # shellcheck disable=SC2086
  "$bin" report "$hello" $args --db "$tmp/db" -n 8 -o "$tmp/x.html" >/dev/null 2>"$tmp/err"; rc=$?
  set -e
  [ "$rc" -eq 2 ] || fail "report $args: exit $rc, want 2"
done
set +e
"$bin" report --run 1 --uncertain --db "$tmp/db" -o "$tmp/x.html" >/dev/null 2>"$tmp/err"; rc=$?
set -e
[ "$rc" -eq 2 ] || fail "--run with --uncertain: exit $rc, want 2"
echo "ok"
