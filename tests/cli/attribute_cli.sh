#!/usr/bin/env bash
# `orgforces attribute`: ranked table, JSON whose Shapley values add up to all-forces minus
# no-forces, usage errors with exit code 2.
. "$(dirname "$0")/lib/setup.sh"

# Text: one ranked table per measure, each contributor named with its group; nothing but logs on stderr.
"$bin" attribute "$hello" --measure drift:explorers --replicates 8 -j 2 >"$tmp/out" 2>"$tmp/err" ||
  fail "attribute failed: $(cat "$tmp/err")"
grep -q '^drift:explorers: ' "$tmp/out" || fail "no section for drift:explorers: $(cat "$tmp/out")"
grep -Eq '^ +[1-3] +weekly-planning +gravity ' "$tmp/out" || fail "force not ranked: $(cat "$tmp/out")"
grep -Eq '^ +[1-3] +leadership and shielding +leadership ' "$tmp/out" || fail "leadership not ranked: $(cat "$tmp/out")"
grep -q '  by group: gravity ' "$tmp/out" || fail "no group sums: $(cat "$tmp/out")"
# One force, the teams' leadership and their hiring: 2^3 coalitions.
grep -q 'exact: all 8 coalitions' "$tmp/out" || fail "exactness not stated"

# JSON on stdout: the Shapley values, and the group sums, add up to the whole difference (efficiency).
"$bin" attribute "$hello" --measure drift:explorers --measure friction:explorers --replicates 8 -j 2 --json \
  >"$tmp/json" 2>"$tmp/err" || fail "attribute --json failed: $(cat "$tmp/err")"
if command -v python3 >/dev/null; then
  python3 - "$tmp/json" <<'PY' || fail "JSON check failed"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["exact"] is True and j["coalitions"] == 8, j
assert [m["measure"] for m in j["measures"]] == ["drift:explorers", "friction:explorers"]
for m in j["measures"]:
    total = sum(f["shapley"] for f in m["forces"])
    assert abs(total - m["difference"]) < 1e-9, (total, m["difference"])
    assert sorted(f["kind"] for f in m["forces"]) == ["gravity", "hiring", "leadership"], m
    assert [g["group"] for g in m["groups"]] == ["gravity", "leadership", "hiring"], m
    assert abs(sum(g["shapley"] for g in m["groups"]) - m["difference"]) < 1e-9, m
drift = j["measures"][0]
assert drift["difference"] > 0, drift   # planning pulls the explorers away from their intent
PY
else
  grep -q '"shapley"' "$tmp/json" || fail "no shapley in JSON"
fi

# Usage errors: exit 2 with a message naming the choices.
set +e
"$bin" attribute "$hello" --measure drift:nobody >"$tmp/out" 2>"$tmp/err"; rc=$?
set -e
[ "$rc" -eq 2 ] || fail "unknown team: exit $rc, expected 2"
grep -q "teams: explorers, operators" "$tmp/err" || fail "no list of teams: $(cat "$tmp/err")"
set +e
"$bin" attribute "$hello" --measure mood:explorers >"$tmp/out" 2>"$tmp/err"; rc=$?
set -e
[ "$rc" -eq 2 ] || fail "unknown measure: exit $rc, expected 2"
set +e
"$bin" attribute "$tmp/missing.yaml" >"$tmp/out" 2>"$tmp/err"; rc=$?
set -e
[ "$rc" -eq 2 ] || fail "missing file: exit $rc, expected 2"
echo OK
