#!/usr/bin/env bash
# `orgforces attribute`: ranked table, JSON whose Shapley values add up to all-forces minus
# no-forces, usage errors with exit code 2.
set -euo pipefail
bin="$ORGFORCES_BIN/orgforces"
src="$ORGFORCES_SRC"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
hello="$src/scenarios/hello-world.yaml"

# Text: one ranked table per measure, the force named with its kind; nothing but logs on stderr.
"$bin" attribute "$hello" --measure drift:explorers --replicates 8 -j 2 >"$tmp/out" 2>"$tmp/err" ||
  fail "attribute failed: $(cat "$tmp/err")"
grep -q '^drift:explorers: ' "$tmp/out" || fail "no section for drift:explorers: $(cat "$tmp/out")"
grep -Eq '^ +1 +weekly-planning +gravity ' "$tmp/out" || fail "force not ranked: $(cat "$tmp/out")"
grep -q 'exact: all 2 coalitions' "$tmp/out" || fail "exactness not stated"

# JSON on stdout: with one force, its Shapley value is the whole difference (efficiency).
"$bin" attribute "$hello" --measure drift:explorers --measure friction:explorers --replicates 8 -j 2 --json \
  >"$tmp/json" 2>"$tmp/err" || fail "attribute --json failed: $(cat "$tmp/err")"
if command -v python3 >/dev/null; then
  python3 - "$tmp/json" <<'PY' || fail "JSON check failed"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["exact"] is True and j["coalitions"] == 2, j
assert [m["measure"] for m in j["measures"]] == ["drift:explorers", "friction:explorers"]
for m in j["measures"]:
    total = sum(f["shapley"] for f in m["forces"])
    assert abs(total - m["difference"]) < 1e-9, (total, m["difference"])
    assert m["forces"][0]["kind"] == "gravity"
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
